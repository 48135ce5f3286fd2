package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobFailureTest {
    @Test
    void aFailedWorkerIsOneLineOfJsonAfterThePrefix() {
        assertThat(JobFailure.worker(1, 3, 7).toLine()).isEqualTo("tractorun-failure: {\"reason\":\"worker_failed\","
                + "\"node\":1,\"rank\":3,\"sidecar\":null,\"exit_code\":7,\"signal\":null,"
                + "\"message\":\"rank 3 exited with code 7\"}");
    }

    @Test
    void anExitCodeAbove128NamesTheSignal() {
        JobFailure killed = JobFailure.worker(0, 1, 137);
        assertThat(killed.signal()).contains(9);
        assertThat(killed.toLine()).contains("\"exit_code\":137,\"signal\":9,");
        assertThat(JobFailure.worker(0, 1, 128).signal()).isEmpty();
        assertThat(JobFailure.worker(0, 1, 255).signal()).isEmpty();
    }

    @Test
    void everyKindOfFailureReadsBack() {
        for (JobFailure failure : new JobFailure[] {
                JobFailure.worker(2, 5, 3),
                JobFailure.sidecar(1, 0, 4),
                JobFailure.bootstrap(Optional.of(0), "env variable A reads Cypress path //a, which does not exist"),
                JobFailure.bootstrap(Optional.empty(), "YT_JOB_COOKIE is not set"),
                JobFailure.terminated(Optional.of(3), 143)}) {
            assertThat(JobFailure.parse(failure.toLine())).contains(failure);
        }
    }

    @Test
    void aMultiLineMessageStaysOnOneLine() {
        JobFailure failure = JobFailure.bootstrap(Optional.of(0), "first\nsecond");
        assertThat(failure.toLine()).doesNotContain("\n").endsWith("\"message\":\"first second\"}");
    }

    @Test
    void theLastFailureLineOfAStderrIsFoundAndWorkerOutputCannotForgeOne() {
        String forged = "[rank 0] " + JobFailure.worker(0, 0, 99).toLine();
        String stderr = "tractorun: node 0 joined incarnation 0\n" + forged + "\n"
                + JobFailure.worker(0, 1, 7).toLine() + "\n";
        assertThat(JobFailure.findLast(stderr)).contains(JobFailure.worker(0, 1, 7));
        assertThat(JobFailure.findLast(forged)).isEmpty();
        assertThat(JobFailure.parse("tractorun-failure: not json")).isEmpty();
        assertThat(JobFailure.parse("tractorun-failure: {\"reason\":\"unknown\",\"exit_code\":1}")).isEmpty();
    }
}
