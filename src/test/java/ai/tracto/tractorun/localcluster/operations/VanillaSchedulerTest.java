package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.testsupport.Processes;
import static ai.tracto.tractorun.testsupport.Processes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VanillaSchedulerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private TestFileStore files;
    private VanillaScheduler scheduler;
    private final List<String> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        files = new TestFileStore(temp.resolve("cypress"));
        scheduler = new VanillaScheduler(temp.resolve("root"), files, Duration.ofSeconds(1));
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        for (String id : started) {
            assertThat(eventually(() -> Processes.of(id).isEmpty()))
                    .as("no process of operation %s is left", id).isTrue();
        }
    }

    @Test
    void eightJobsRunAndEachJobsStderrHoldsItsEnvironment() throws IOException {
        String id = start("""
                {"tasks": {"workers": {"job_count": 8, "port_count": 2, "command": "env >&2",
                  "environment": {"MY_VAR": "hello"}}},
                 "secure_vault": {"YT_TOKEN": "secret-token", "NUMBER": 42}}
                """);
        awaitState(id, "completed");

        JsonNode jobs = scheduler.listJobs(id, JSON.createObjectNode());
        assertThat(jobs.get("total_count").asInt()).isEqualTo(8);
        assertThat(jobs.get("state_counts").get("completed").asInt()).isEqualTo(8);
        Set<String> cookies = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (JsonNode job : jobs.get("jobs")) {
            assertThat(job.get("state").asText()).isEqualTo("completed");
            assertThat(job.get("type").asText()).isEqualTo("vanilla");
            assertThat(job.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(job.get("task_name").asText()).isEqualTo("workers");
            Map<String, String> env = parseEnv(stderr(id, job.get("id").asText()));
            assertThat(job.get("stderr_size").asLong()).isPositive();
            assertThat(env).containsEntry("YT_OPERATION_ID", id)
                    .containsEntry("YT_JOB_ID", job.get("id").asText())
                    .containsEntry("YT_JOB_COOKIE", job.get("job_cookie").asText())
                    .containsEntry("YT_TASK_NAME", "workers")
                    .containsEntry("YT_IP_ADDRESS_DEFAULT", "127.0.0.1")
                    .containsEntry("MY_VAR", "hello")
                    .containsEntry("YT_SECURE_VAULT_YT_TOKEN", "secret-token")
                    .containsEntry("YT_SECURE_VAULT_NUMBER", "42")
                    .containsKeys("YT_JOB_INDEX", "YT_TASK_JOB_INDEX", "PATH", "LANG", "TMPDIR");
            assertThat(JSON.readTree(env.get("YT_SECURE_VAULT")))
                    .isEqualTo(JSON.readTree("{\"YT_TOKEN\": \"secret-token\", \"NUMBER\": 42}"));
            assertThat(env.get("HOME")).endsWith("/" + job.get("id").asText() + "/sandbox");
            assertThat(env.get("PWD")).isEqualTo(env.get("HOME"));
            cookies.add(env.get("YT_JOB_COOKIE"));
            ports.add(env.get("YT_PORT_0"));
            ports.add(env.get("YT_PORT_1"));
            for (String name : env.keySet()) {
                assertThat(name).as("variable %s is not inherited from the cluster's environment", name)
                        .matches("YT_.*|MY_VAR|PATH|HOME|LANG|LC_ALL|JAVA_HOME|USER|LOGNAME|TZ|TMPDIR|PWD|SHLVL|_");
            }
        }
        assertThat(cookies).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(ports).as("16 ports, none shared between jobs").hasSize(16);
    }

    @Test
    void filePathsLandInTheSandboxReadOnlyUnderTheirNamesWithTheExecutableBit() throws IOException {
        files.put("//tmp/data.txt", "payload").put("//tmp/tool.sh", "#!/bin/bash\necho tool ran >&2\n");
        String id = start("""
                {"tasks": {"t": {"job_count": 1, "command": "cat data.txt >&2; ./run.sh; stat -c '%n %A' data.txt run.sh >&2",
                  "file_paths": ["//tmp/data.txt",
                    {"$value": "//tmp/tool.sh", "$attributes": {"file_name": "run.sh", "executable": true}}]}}}
                """);
        awaitState(id, "completed");

        // Seen from inside the job: once it is over, its sandbox is gone.
        String jobId = onlyJob(id).get("id").asText();
        assertThat(stderr(id, jobId)).isEqualTo("payloadtool ran\ndata.txt -r--r--r--\nrun.sh -r-xr-xr-x\n");
    }

    @Test
    void aFinishedOperationKeepsItsRecordAndStderrsButNotItsStagedFilesOrSandboxes() throws IOException {
        files.put("//tmp/data.txt", "payload");
        String id = start("""
                {"tasks": {"t": {"job_count": 2, "command": "mkdir -p out/ro && touch out/ro/x && chmod 555 out/ro; echo done >&2",
                  "file_paths": ["//tmp/data.txt"]}}}
                """);
        awaitState(id, "completed");

        Path operation = temp.resolve("root").resolve(id);
        List<String> jobIds = new ArrayList<>();
        scheduler.listJobs(id, JSON.createObjectNode()).get("jobs").forEach(job -> jobIds.add(job.get("id").asText()));
        assertThat(jobIds).hasSize(2);
        assertThat(eventually(() -> !Files.exists(operation.resolve("files"))
                && jobIds.stream().noneMatch(job -> Files.exists(operation.resolve(job).resolve("sandbox")))))
                .as("staged files and sandboxes removed").isTrue();
        for (String jobId : jobIds) {
            assertThat(stderr(id, jobId)).isEqualTo("done\n");
        }
        assertThat(operation.resolve("operation.json")).isRegularFile();
    }

    @Test
    void workFilesAnEarlierRunLeftBehindAreRemovedAtTheNextStart() throws IOException {
        String id = start("{\"tasks\": {\"t\": {\"job_count\": 1, \"command\": \"echo kept >&2\"}}}");
        awaitState(id, "completed");
        String jobId = onlyJob(id).get("id").asText();
        scheduler.close();
        // As a cluster killed before its clean-up would leave them, a read-only directory included.
        Path operation = temp.resolve("root").resolve(id);
        Path readOnly = Files.createDirectories(operation.resolve(jobId).resolve("sandbox").resolve("ro"));
        Files.writeString(readOnly.resolve("x"), "left");
        Files.setPosixFilePermissions(readOnly, EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_EXECUTE));
        Files.writeString(Files.createDirectories(operation.resolve("files").resolve("t")).resolve("a.jar"), "jar");

        scheduler = new VanillaScheduler(temp.resolve("root"), files, Duration.ofSeconds(1));

        assertThat(state(id)).isEqualTo("completed");
        assertThat(operation.resolve("files")).doesNotExist();
        assertThat(operation.resolve(jobId).resolve("sandbox")).doesNotExist();
        assertThat(stderr(id, jobId)).isEqualTo("kept\n");
    }

    @Test
    void everyJobsSandboxFileCarriesTheTimeItsContentWasStored() throws IOException {
        files.put("//tmp/tractorun.jar", "classes");
        FileTime stored = FileTime.from(Instant.parse("2024-05-01T10:00:00Z"));
        Files.setLastModifiedTime(files.storedFile("//tmp/tractorun.jar"), stored);
        String id = start("""
                {"tasks": {"t": {"job_count": 2, "command": "stat -c %Y tractorun.jar >&2",
                  "file_paths": ["//tmp/tractorun.jar"]}}}
                """);
        awaitState(id, "completed");

        JsonNode jobs = scheduler.listJobs(id, JSON.createObjectNode()).get("jobs");
        assertThat(jobs).hasSize(2);
        for (JsonNode job : jobs) {
            assertThat(stderr(id, job.get("id").asText())).isEqualTo(stored.to(TimeUnit.SECONDS) + "\n");
        }
    }

    @Test
    void aMissingFileInFilePathsIsAResolveErrorAtStart() {
        assertThatThrownBy(() -> start("""
                {"tasks": {"t": {"job_count": 1, "command": "true", "file_paths": ["//tmp/absent"]}}}
                """)).isInstanceOfSatisfying(ServerError.class, e -> assertThat(e.code()).isEqualTo(500));
    }

    @Test
    void aFailedJobWithFailOnJobRestartFailsTheOperationAndKillsTheOtherJobs() {
        String id = start("""
                {"fail_on_job_restart": true,
                 "tasks": {"t": {"job_count": 4, "command":
                   "if [ $YT_JOB_COOKIE = 0 ]; then sleep 0.5; exit 3; fi; sleep 1000 & sleep 1000; wait"}}}
                """);
        awaitState(id, "failed");

        JsonNode error = scheduler.getOperation(id, Optional.empty()).get("result").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(210);
        JsonNode jobError = error.get("inner_errors").get(0);
        assertThat(jobError.get("code").asInt()).isEqualTo(1205);
        assertThat(jobError.get("message").asText()).isEqualTo("User job failed");
        JsonNode processError = jobError.get("inner_errors").get(0);
        assertThat(processError.get("code").asInt()).isEqualTo(10000);
        assertThat(processError.get("attributes").get("exit_code").asInt()).isEqualTo(3);
        JsonNode counts = scheduler.getOperation(id, Optional.empty()).get("brief_progress").get("jobs");
        assertThat(counts.get("failed").asInt()).isEqualTo(1);
        assertThat(counts.get("aborted").asInt()).isEqualTo(3);
        assertThat(counts.get("running").asInt()).isZero();
        assertThat(Processes.of(id)).isEmpty();
    }

    @Test
    void aFailedJobIsRestartedWithTheSameCookieUntilTheFailedJobLimit() {
        String id = start("""
                {"max_failed_job_count": 1, "tasks": {"t": {"job_count": 1, "command": "exit 1"}}}
                """);
        awaitState(id, "failed");

        JsonNode error = scheduler.getOperation(id, Optional.empty()).get("result").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(215);
        JsonNode jobs = scheduler.listJobs(id, JSON.createObjectNode()).get("jobs");
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).get("id").asText()).isNotEqualTo(jobs.get(1).get("id").asText());
        for (JsonNode job : jobs) {
            assertThat(job.get("job_cookie").asInt()).isZero();
            assertThat(job.get("state").asText()).isEqualTo("failed");
            assertThat(job.get("error").get("code").asInt()).isEqualTo(1205);
        }
    }

    @Test
    void aJobThatEndsLeavingADaemonInItsOwnSessionCompletesAndTheDaemonIsKilled() {
        String id = start("""
                {"tasks": {"t": {"job_count": 1, "command": "setsid sleep 1000 & echo done >&2"}}}
                """);
        awaitState(id, "completed");

        assertThat(stderr(id, onlyJob(id).get("id").asText())).isEqualTo("done\n");
        assertThat(eventually(() -> Processes.of(id).isEmpty())).isTrue();
    }

    @Test
    void everyChangeIsFollowedByACallOfEachListenerEvenWhenAnotherListenerFails() throws InterruptedException {
        BlockingQueue<Boolean> calls = new LinkedBlockingQueue<>();
        scheduler.addChangeListener(() -> {
            throw new IllegalStateException("a broken listener");
        });
        scheduler.addChangeListener(() -> calls.add(true));
        String id = start("""
                {"tasks": {"t": {"job_count": 2, "command": "sleep 0.2"}}}
                """);

        // Reading the state only after a call: were the end not followed by one, this would wait in vain.
        String state = "";
        while (!state.equals("completed")) {
            assertThat(calls.poll(60, TimeUnit.SECONDS)).as("a call after the last change (state " + state + ")")
                    .isNotNull();
            state = scheduler.getOperation(id, Optional.of(List.of("state"))).path("state").asText();
        }
    }

    @Test
    void aJobKilledBySignalFailsWithTheSignalError() {
        String id = start("""
                {"fail_on_job_restart": true, "tasks": {"t": {"job_count": 1, "command": "kill -9 $$"}}}
                """);
        awaitState(id, "failed");

        JsonNode processError = onlyJob(id).get("error").get("inner_errors").get(0);
        assertThat(processError.get("code").asInt()).isEqualTo(10001);
        assertThat(processError.get("attributes").get("signal").asInt()).isEqualTo(9);
    }

    @Test
    void abortKillsWholeProcessTreesIncludingGrandchildrenThatIgnoreSigtermOrLeftTheGroup() {
        String id = start("""
                {"tasks": {"t": {"job_count": 2, "command":
                  "trap '' TERM; bash -c 'trap \\"\\" TERM; sleep 1000 & wait' & setsid sleep 1000 & echo up >&2; wait"}}}
                """);
        awaitState(id, "running");
        assertThat(eventually(() -> Processes.of(id).size() >= 2 * 4)).isTrue();

        scheduler.abortOperation(id, Optional.of("stop it"));

        awaitState(id, "aborted");
        JsonNode operation = scheduler.getOperation(id, Optional.empty());
        assertThat(operation.get("result").get("error").get("message").asText()).isEqualTo("stop it");
        assertThat(operation.get("brief_progress").get("jobs").get("aborted").asInt()).isEqualTo(2);
        assertThat(operation.has("finish_time")).isTrue();
        List<Long> left = Processes.of(id);
        assertThat(left).as(() -> Processes.describe(left)).isEmpty();
    }

    @Test
    void theEndOfTheOperationsTransactionAbortsIt() {
        String id = scheduler.startOperation("vanilla", spec("""
                {"tasks": {"t": {"job_count": 1, "command": "sleep 1000"}}}
                """), Optional.of("1-2-3-4"), "root");
        started.add(id);
        awaitState(id, "running");

        scheduler.transactionFinished("5-6-7-8");
        assertThat(state(id)).isEqualTo("running");
        scheduler.transactionFinished("1-2-3-4");

        awaitState(id, "aborted");
        assertThat(scheduler.getOperation(id, Optional.empty()).get("result").get("error").get("message").asText())
                .isEqualTo("Operation transaction has expired or was aborted");
    }

    @Test
    void briefProgressFollowsJobsFromRunningToCompleted() throws IOException {
        Path go = temp.resolve("go");
        String id = start("""
                {"tasks": {"a": {"job_count": 2, "command": "echo first >&2; while [ ! -e '%s' ]; do sleep 0.05; done; echo second >&2"},
                           "b": {"job_count": 1, "command": "true"}}}
                """.formatted(go));
        assertThat(eventually(() -> state(id).equals("running")
                && progress(id).get("completed").asInt() == 1
                && scheduler.listJobs(id, JSON.createObjectNode().put("job_state", "running"))
                        .get("jobs").findValues("stderr_size").stream().allMatch(s -> s.asLong() > 0)))
                .as(() -> "two running jobs with their first line, one completed: " + scheduler.getOperation(id,
                        Optional.empty()) + " " + scheduler.listJobs(id, JSON.createObjectNode()))
                .isTrue();
        JsonNode counts = progress(id);
        assertThat(counts.get("running").asInt()).isEqualTo(2);
        assertThat(counts.get("pending").asInt()).isZero();
        assertThat(counts.get("total").asInt()).isEqualTo(3);
        JsonNode running = scheduler.listJobs(id, JSON.createObjectNode().put("job_state", "running"));
        assertThat(running.get("total_count").asInt()).isEqualTo(2);
        assertThat(stderr(id, running.get("jobs").get(0).get("id").asText())).isEqualTo("first\n");

        Files.createFile(go);
        awaitState(id, "completed");

        JsonNode operation = scheduler.getOperation(id, Optional.empty());
        assertThat(operation.get("brief_progress").get("jobs")).isEqualTo(JSON.readTree(
                "{\"running\":0,\"completed\":3,\"pending\":0,\"failed\":0,\"aborted\":0,\"lost\":0,\"total\":3}"));
        assertThat(operation.get("progress").get("jobs")).isEqualTo(operation.get("brief_progress").get("jobs"));
        assertThat(operation.get("result")).isEqualTo(JSON.createObjectNode());
        assertThat(operation.get("task_names")).isEqualTo(JSON.readTree("[\"a\",\"b\"]"));
        assertThat(operation.get("type").asText()).isEqualTo("vanilla");
        assertThat(operation.get("authenticated_user").asText()).isEqualTo("root");
        assertThat(operation.get("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(operation.get("finish_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        JsonNode page = scheduler.listJobs(id, JSON.createObjectNode().put("offset", 1).put("limit", 1));
        assertThat(page.get("jobs")).hasSize(1);
        assertThat(page.get("total_count").asInt()).isEqualTo(3);
    }

    @Test
    void anOperationRunningPastItsTimeLimitFails() {
        String id = start("{\"time_limit\": 300, \"tasks\": {\"t\": {\"job_count\": 1, \"command\": \"sleep 1000\"}}}");
        awaitState(id, "failed");

        JsonNode error = scheduler.getOperation(id, Optional.empty()).get("result").get("error");
        assertThat(error.get("message").asText()).isEqualTo("Operation is running for too long");
        assertThat(onlyJob(id).get("state").asText()).isEqualTo("aborted");
    }

    @Test
    void stderrIsCutAtMaxStderrSizeWithoutDisturbingTheJob() {
        String id = start("""
                {"fail_on_job_restart": true, "tasks": {"t": {"job_count": 1, "max_stderr_size": 100,
                  "redirect_stdout_to_stderr": true, "command": "for i in $(seq 1 2000); do echo line-$i; done"}}}
                """);
        awaitState(id, "completed");

        String stderr = stderr(id, onlyJob(id).get("id").asText());
        assertThat(stderr).hasSize(100).startsWith("line-1\nline-2\n");
    }

    @Test
    void stdoutIsNotCapturedUnlessRedirected() {
        String id = start("""
                {"tasks": {"t": {"job_count": 1, "command": "echo to-stdout; echo to-stderr >&2"}}}
                """);
        awaitState(id, "completed");

        assertThat(stderr(id, onlyJob(id).get("id").asText())).isEqualTo("to-stderr\n");
    }

    @Test
    void getOperationFiltersAttributesHidesTheSecureVaultAndReportsUnenforcedOptionsOnce() {
        String id = start("""
                {"pool": "research", "secure_vault": {"YT_TOKEN": "t"}, "annotations": {"a": 1},
                 "tasks": {"t": {"job_count": 1, "command": "true", "gpu_limit": 1, "docker_image": "img"}}}
                """);
        awaitState(id, "completed");

        JsonNode operation = scheduler.getOperation(id, Optional.of(List.of("spec", "alerts", "state")));
        assertThat(operation.size()).isEqualTo(3);
        assertThat(operation.get("spec").has("secure_vault")).isFalse();
        assertThat(operation.get("spec").get("pool").asText()).isEqualTo("research");
        assertThat(operation.get("alerts")).hasSize(1);
        assertThat(operation.get("alerts").get("unenforced_spec_options").get("message").asText())
                .isEqualTo("The embedded local cluster does not enforce these spec options: pool, docker_image, gpu_limit");
    }

    @Test
    void updateOperationParametersMergesAnnotationsIntoRuntimeParameters() {
        String id = start("""
                {"annotations": {"a": 1}, "tasks": {"t": {"job_count": 1, "command": "sleep 1000"}}}
                """);
        scheduler.updateOperationParameters(id, spec("{\"annotations\": {\"b\": \"x\"}, \"pool\": \"p\"}"));

        JsonNode runtime = scheduler.getOperation(id, Optional.empty()).get("runtime_parameters");
        assertThat(runtime.get("annotations")).isEqualTo(spec("{\"a\": 1, \"b\": \"x\"}"));
        assertThat(runtime.get("pool").asText()).isEqualTo("p");
        assertThatThrownBy(() -> scheduler.updateOperationParameters(id, spec("{\"max_failed_job_count\": 3}")))
                .isInstanceOf(ServerError.class).hasMessageContaining("\"max_failed_job_count\"");
        scheduler.abortOperation(id, Optional.empty());
        awaitState(id, "aborted");
    }

    @Test
    void unknownOperationIsNoSuchOperation() {
        assertThatThrownBy(() -> scheduler.getOperation("1-2-3-4", Optional.empty()))
                .isInstanceOfSatisfying(ServerError.class, e -> {
                    assertThat(e.code()).isEqualTo(200);
                    assertThat(e.getMessage()).isEqualTo("No such operation 1-2-3-4");
                });
    }

    @Test
    void operationIdsAreYtGuids() {
        String id = start("{\"tasks\": {\"t\": {\"job_count\": 1, \"command\": \"true\"}}}");
        assertThat(id).matches("[0-9a-f]{1,8}-[0-9a-f]{1,8}-[0-9a-f]{1,8}-[0-9a-f]{1,8}");
        awaitState(id, "completed");
    }

    @Test
    void finishedOperationsSurviveARestartAndRunningOnesAreReportedAborted() {
        String done = start("{\"tasks\": {\"t\": {\"job_count\": 1, \"command\": \"echo kept >&2\"}}}");
        awaitState(done, "completed");
        String running = start("{\"tasks\": {\"t\": {\"job_count\": 1, \"command\": \"sleep 1000\"}}}");
        awaitState(running, "running");

        try (VanillaScheduler restarted = new VanillaScheduler(temp.resolve("root"), files)) {
            assertThat(restarted.getOperation(done, Optional.empty()).get("state").asText()).isEqualTo("completed");
            String jobId = restarted.listJobs(done, JSON.createObjectNode()).get("jobs").get(0).get("id").asText();
            assertThat(read(restarted.jobStderr(done, jobId))).isEqualTo("kept\n");
            JsonNode lost = restarted.getOperation(running, Optional.empty());
            assertThat(lost.get("state").asText()).isEqualTo("aborted");
            assertThat(lost.get("result").get("error").get("message").asText())
                    .isEqualTo("Operation aborted: cluster restarted");
        }
    }

    @Test
    void closeAbortsRunningOperationsAndWaitsForTheirProcesses() {
        String id = start("{\"tasks\": {\"t\": {\"job_count\": 3, \"command\": \"sleep 1000 & wait\"}}}");
        awaitState(id, "running");
        assertThat(eventually(() -> Processes.of(id).size() >= 3)).isTrue();

        scheduler.close();

        assertThat(Processes.of(id)).isEmpty();
        assertThat(scheduler.getOperation(id, Optional.empty()).get("state").asText()).isEqualTo("aborted");
    }

    private String start(String specJson) {
        String id = scheduler.startOperation("vanilla", spec(specJson), Optional.empty(), "root");
        started.add(id);
        return id;
    }

    private static ObjectNode spec(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String state(String id) {
        return scheduler.getOperation(id, Optional.of(List.of("state"))).get("state").asText();
    }

    private JsonNode progress(String id) {
        return scheduler.getOperation(id, Optional.empty()).get("brief_progress").get("jobs");
    }

    private void awaitState(String id, String expected) {
        eventually(() -> state(id).equals(expected));
        assertThat(state(id)).isEqualTo(expected);
    }

    private JsonNode onlyJob(String id) {
        JsonNode jobs = scheduler.listJobs(id, JSON.createObjectNode()).get("jobs");
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private String stderr(String id, String jobId) {
        return read(scheduler.jobStderr(id, jobId));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
