package ai.tracto.tractorun.job.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.RestartPolicy;
import ai.tracto.tractorun.job.log.LogLine;
import ai.tracto.tractorun.job.log.LogSink;
import ai.tracto.tractorun.job.log.LogSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SupervisorTest {
    private static final RestartBackoff FAST_BACKOFF =
            new RestartBackoff(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(60));
    private static final SupervisorOptions FAST = SupervisorOptions.defaults()
            .withGracePeriod(Duration.ofMillis(500)).withRestartBackoff(FAST_BACKOFF);

    @TempDir
    Path dir;
    Path pids;
    final List<LogLine> lines = Collections.synchronizedList(new ArrayList<>());
    final LogSink sink = lines::add;

    @BeforeEach
    void makePidDir() throws IOException {
        pids = Files.createDirectories(dir.resolve("pids"));
    }

    /** Nothing a test started may outlive it, whatever the test's outcome. */
    @AfterEach
    void killLeftovers() throws IOException {
        for (long pid : recordedPids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private List<Long> recordedPids() throws IOException {
        try (Stream<Path> files = Files.list(pids)) {
            return files.map(f -> {
                try {
                    return Long.parseLong(Files.readString(f).trim());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private void assertNoRecordedProcessAlive() throws IOException {
        assertThat(recordedPids()).isNotEmpty();
        assertNoneAlive(recordedPids());
    }

    private static void assertNoneAlive(List<Long> recorded) {
        assertThat(recorded).allSatisfy(pid -> assertThat(
                ProcessHandle.of(pid).map(ProcessTrees::isDead).orElse(true)).as("pid %d is dead", pid).isTrue());
    }

    private ProcessSpec process(LogSource source, String script) {
        return new ProcessSpec(source, List.of("bash", "-c", script),
                Map.of("PATH", System.getenv("PATH"), "P", pids.toString()), dir);
    }

    private ProcessSpec worker(int rank, String script) {
        return process(LogSource.worker(rank), script);
    }

    private SidecarSpec sidecar(int index, String script, RestartPolicy policy) {
        return new SidecarSpec(process(LogSource.sidecar(index), script), policy);
    }

    private static String waitFor(String... files) {
        StringBuilder script = new StringBuilder("while ");
        for (int i = 0; i < files.length; i++) {
            script.append(i == 0 ? "" : " || ").append("[ ! -s \"$P/").append(files[i]).append("\" ]");
        }
        return script.append("; do sleep 0.02; done; ").toString();
    }

    private long lineCount(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void aWorkerExitingSevenStopsEveryProcessIncludingGrandchildrenAndOnesIgnoringSigterm() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(
                worker(0, waitFor("w1", "w2", "stubborn", "grandchild") + "exit 7"),
                worker(1, "sleep 1000 & echo $! > $P/grandchild; echo $$ > $P/w1; wait"),
                worker(2, "trap '' TERM; (exec sleep 1000) & echo $! > $P/stubborn; echo $$ > $P/w2;"
                        + " while true; do sleep 0.05; done")),
                List.of(sidecar(0, "echo $$ > $P/s0; exec sleep 1000", RestartPolicy.ALWAYS)), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isEqualTo(7);
        assertNoRecordedProcessAlive();
        assertThat(supervisor.sidecarStarts(0)).isEqualTo(1);
    }

    @Test
    void aWorkerKilledBySignalGivesOneHundredTwentyEightPlusTheSignal() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(worker(0, "kill -KILL $$")), List.of(), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isEqualTo(128 + 9);
    }

    @Test
    void allWorkersExitingZeroGiveZeroAndStopTheSidecars() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(
                worker(0, waitFor("s0") + "exit 0"),
                worker(1, waitFor("s0") + "sleep 1000 & echo $! > $P/grandchild; exit 0")),
                List.of(sidecar(0, "echo $$ > $P/s0; exec sleep 1000", RestartPolicy.ALWAYS)), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isZero();
        assertNoRecordedProcessAlive();
        assertThat(supervisor.sidecarStarts(0)).isEqualTo(1);
    }

    @Test
    void aDaemonThatLeftItsParentAndClosedItsOutputIsStillStoppedWithTheNode() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(
                worker(0, "sleep 1000 > /dev/null 2>&1 < /dev/null & echo $! > $P/daemon; exit 0")),
                List.of(), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isZero();
        assertNoRecordedProcessAlive();
    }

    @Test
    void anAlwaysSidecarIsRestartedEvenAfterExitingZero() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(
                worker(0, "while [ \"$(wc -l < $P/../starts 2>/dev/null || echo 0)\" -lt 3 ]; do sleep 0.02; done")),
                List.of(sidecar(0, "echo run >> $P/../starts; exit 0", RestartPolicy.ALWAYS)), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isZero();
        // A start the stop overtook may not have written its line: starts >= lines written >= 3.
        assertThat(lineCount(dir.resolve("starts"))).isGreaterThanOrEqualTo(3)
                .isLessThanOrEqualTo(supervisor.sidecarStarts(0));
    }

    @Test
    void anOnFailureSidecarIsRestartedAfterFailuresButNotAfterSuccess() throws Exception {
        String sidecar = "n=$(wc -l < $P/../starts 2>/dev/null || echo 0); echo run >> $P/../starts;"
                + " if [ $n -ge 2 ]; then echo ok > $P/../succeeded; exit 0; fi; exit 1";
        Supervisor supervisor = Supervisor.start(List.of(
                worker(0, "while [ ! -f $P/../succeeded ]; do sleep 0.02; done; sleep 1")),
                List.of(sidecar(0, sidecar, RestartPolicy.ON_FAILURE)), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isZero();
        assertThat(lineCount(dir.resolve("starts"))).isEqualTo(3);
        assertThat(supervisor.sidecarStarts(0)).isEqualTo(3);
    }

    @Test
    void aNeverSidecarIsNotRestartedAfterFailing() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(
                worker(0, "while [ ! -f $P/../starts ]; do sleep 0.02; done; sleep 1")),
                List.of(sidecar(0, "echo run >> $P/../starts; exit 1", RestartPolicy.NEVER)), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isZero();
        assertThat(lineCount(dir.resolve("starts"))).isEqualTo(1);
        assertThat(supervisor.sidecarStarts(0)).isEqualTo(1);
    }

    @Test
    void aFailSidecarExitingNonZeroFailsTheNodeWithItsCode() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(worker(0, "echo $$ > $P/w0; exec sleep 1000")),
                List.of(sidecar(0, waitFor("w0") + "exit 5", RestartPolicy.FAIL)), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isEqualTo(5);
        assertNoRecordedProcessAlive();
        assertThat(supervisor.sidecarStarts(0)).isEqualTo(1);
    }

    @Test
    void restartBackOffBoundsHowOftenACrashLoopingSidecarStarts() throws Exception {
        RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(60));
        long started = System.nanoTime();
        Supervisor supervisor = Supervisor.start(List.of(worker(0, "echo $$ > $P/w0; exec sleep 1000")),
                List.of(sidecar(0, "echo run >> $P/../starts; exit 1", RestartPolicy.ON_FAILURE)), sink,
                FAST.withRestartBackoff(backoff));
        while (lineCount(dir.resolve("starts")) < 3) {
            Thread.sleep(20);
        }
        Thread.sleep(1500);

        supervisor.close();
        Duration window = Duration.ofNanos(System.nanoTime() - started);

        // k restarts need at least the sum of the first k delays (100, 200, 400, 800, 800, ... ms).
        int maxRestarts = 0;
        Duration waited = Duration.ZERO;
        Duration delay = Duration.ZERO;
        while (true) {
            delay = backoff.next(delay, Duration.ZERO);
            waited = waited.plus(delay);
            if (waited.compareTo(window) > 0) {
                break;
            }
            maxRestarts++;
        }
        long starts = lineCount(dir.resolve("starts"));
        assertThat(starts).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(1 + maxRestarts);
        assertThat(supervisor.sidecarStarts(0)).isGreaterThanOrEqualTo((int) starts)
                .isLessThanOrEqualTo(1 + maxRestarts);
    }

    @Test
    void restartBackOffDoublesUpToItsMaximumAndResetsAfterALongRun() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));

        assertThat(backoff.next(Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.next(Duration.ofMillis(500), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(Duration.ofSeconds(20), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next(Duration.ofSeconds(30), Duration.ofSeconds(61))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    @Timeout(30)
    void terminateForwardsSigtermToEveryWorkerAndSidecarWithoutWaitingOutTheGracePeriod() throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        LogSink readiness = line -> {
            lines.add(line);
            if (line.text().equals("ready")) {
                ready.countDown();
            }
        };
        String script = "trap 'echo got TERM; exit 0' TERM; echo $$ > $P/$NAME; sleep 1000 & echo $! > $P/$NAME-child;"
                + " echo ready; wait";
        Supervisor supervisor = Supervisor.start(
                List.of(worker(0, script.replace("$NAME", "w0"))),
                List.of(sidecar(0, script.replace("$NAME", "s0"), RestartPolicy.ALWAYS)),
                readiness, FAST.withGracePeriod(Duration.ofSeconds(120)));
        assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();

        supervisor.terminate();

        assertThat(supervisor.awaitExitCode()).isEqualTo(Supervisor.TERMINATED_EXIT_CODE);
        assertThat(lines).extracting(l -> l.source() + ": " + l.text())
                .contains("rank 0: got TERM", "sidecar 0: got TERM");
        assertNoRecordedProcessAlive();
    }

    @Test
    void aWorkerThatCannotBeStartedFailsTheNodeWith127() throws Exception {
        Supervisor supervisor = Supervisor.start(
                List.of(worker(0, "echo $$ > $P/w0; exec sleep 1000"),
                        new ProcessSpec(LogSource.worker(1), List.of("no-such-program-here"),
                                Map.of("PATH", System.getenv("PATH")), dir)),
                List.of(), sink, FAST);

        assertThat(supervisor.awaitExitCode()).isEqualTo(Supervisor.CANNOT_START_EXIT_CODE);
        // Worker 0 may be stopped before it records its pid: the unstartable worker fails at once.
        assertNoneAlive(recordedPids());
    }

    @Test
    void closeAfterTheNodeFinishedReturnsAtOnce() throws Exception {
        Supervisor supervisor = Supervisor.start(List.of(worker(0, "exit 0")), List.of(), sink, FAST);
        assertThat(supervisor.awaitExitCode()).isZero();

        supervisor.close();
        supervisor.terminate();

        assertThat(supervisor.exitCode().join()).isZero();
    }
}
