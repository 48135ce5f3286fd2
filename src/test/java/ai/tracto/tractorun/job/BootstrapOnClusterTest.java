package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.job.bind.BindPacker;
import ai.tracto.tractorun.yt.CloseableIterator;
import ai.tracto.tractorun.yt.SetOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BootstrapMain} as the job command of real vanilla operations on the embedded cluster. */
@Timeout(120)
class BootstrapOnClusterTest {
    private static final String PRINT_ENV = "echo \"env RANK=$RANK LOCAL_RANK=$LOCAL_RANK NODE_RANK=$NODE_RANK"
            + " WORLD_SIZE=$WORLD_SIZE LOCAL_WORLD_SIZE=$LOCAL_WORLD_SIZE MASTER=$MASTER_ADDR:$MASTER_PORT\"";
    private static final Pattern ENV_LINE = Pattern.compile("^\\[rank (\\d+)] env RANK=(\\d+) LOCAL_RANK=(\\d+)"
            + " NODE_RANK=(\\d+) WORLD_SIZE=(\\d+) LOCAL_WORLD_SIZE=(\\d+) MASTER=(\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path root;
    @TempDir
    Path scratch;
    private BootstrapCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = BootstrapCluster.start(root);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,4", "3,2"})
    void everyWorkerOfTheMeshGetsItsRankAndTheOnePrimaryEndpoint(int nodes, int perNode) {
        String operation = cluster.startOperation(BootstrapCluster.config("//train/mesh", nodes, perNode, PRINT_ENV),
                Map.of());
        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");

        Map<Integer, String> stderr = cluster.stderrByNode(operation);
        assertThat(stderr.keySet()).hasSize(nodes);
        String primary = cluster.client().get("//train/mesh/incarnations/00000/@primary_endpoint").asText();
        Set<Integer> ranks = new HashSet<>();
        for (Map.Entry<Integer, String> job : stderr.entrySet()) {
            int node = job.getKey();
            Matcher line = ENV_LINE.matcher(job.getValue());
            List<Integer> localRanks = new ArrayList<>();
            while (line.find()) {
                int rank = Integer.parseInt(line.group(1));
                int localRank = Integer.parseInt(line.group(3));
                assertThat(line.group(2)).isEqualTo(line.group(1));
                assertThat(rank).isEqualTo(node * perNode + localRank);
                assertThat(Integer.parseInt(line.group(4))).isEqualTo(node);
                assertThat(Integer.parseInt(line.group(5))).isEqualTo(nodes * perNode);
                assertThat(Integer.parseInt(line.group(6))).isEqualTo(perNode);
                assertThat(line.group(7)).isEqualTo(primary);
                ranks.add(rank);
                localRanks.add(localRank);
            }
            assertThat(localRanks).as("local ranks of node %d", node).hasSize(perNode).doesNotHaveDuplicates();
            assertThat(JobFailure.findLast(job.getValue())).isEmpty();
        }
        assertThat(ranks).hasSize(nodes * perNode);
        assertThat(primary).startsWith("127.0.0.1:");
        if (nodes > 1) {
            // The primary's barrier port (the job's last YT_PORT) released every peer.
            assertThat(cluster.client().get("//train/mesh/incarnations/00000/@barrier_endpoint").asText())
                    .startsWith("127.0.0.1:").isNotEqualTo(primary);
            assertThat(stderr.values()).noneMatch(text -> text.contains("no release from the primary's barrier"));
        }
    }
    @Test
    void aWorkerExitingSevenFailsTheJobWithSevenAndLeavesNoProcess() {
        String script = "if [ \"$RANK\" = 3 ]; then sleep 0.5; exit 7; fi\n"
                + "bash -c 'sleep 300 & sleep 300' & sleep 300 & wait";
        String operation = cluster.startOperation(BootstrapCluster.config("//train/fail", 2, 2, script), Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("failed");
        String stderr = cluster.stderrByNode(operation).get(1);
        assertThat(JobFailure.findLast(stderr)).contains(JobFailure.worker(1, 3, 7));
        assertThat(lastLine(stderr)).isEqualTo("tractorun-failure: {\"reason\":\"worker_failed\",\"node\":1,"
                + "\"rank\":3,\"sidecar\":null,\"exit_code\":7,\"signal\":null,"
                + "\"message\":\"rank 3 exited with code 7\"}");
        JsonNode failedJob = job(operation, 1);
        assertThat(failedJob.path("state").asText()).isEqualTo("failed");
        assertThat(failedJob.path("error").path("inner_errors").get(0).path("attributes").path("exit_code").asInt())
                .isEqualTo(7);
        assertThat(BootstrapCluster.eventually(() -> BootstrapCluster.processesOf(operation).isEmpty()))
                .as("processes of the operation left: %s", BootstrapCluster.processesOf(operation)).isTrue();
    }

    @Test
    void sidecarsFollowTheirRestartPolicies() {
        ObjectNode config = BootstrapCluster.config("//train/sidecars", 1, 1,
                "while [ ! -e on_failure_done ] || [ \"$(wc -l < always_runs)\" -lt 3 ]; do sleep 0.05; done");
        BootstrapCluster.addSidecar(config, "echo start >> always_runs; echo start; exit 0", "always");
        BootstrapCluster.addSidecar(config, "if [ -e on_failure_ran ]; then echo second; touch on_failure_done;"
                + " exit 0; fi; touch on_failure_ran; echo first; exit 3", "on_failure");
        BootstrapCluster.addSidecar(config, "echo once; exit 4", "never");
        String operation = cluster.startOperation(config, Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");
        String stderr = cluster.stderrByNode(operation).get(0);
        assertThat(linesOf(stderr, "[sidecar 0] start")).isGreaterThanOrEqualTo(3);
        assertThat(linesOf(stderr, "[sidecar 1] first")).isEqualTo(1);
        assertThat(linesOf(stderr, "[sidecar 1] second")).isEqualTo(1);
        assertThat(linesOf(stderr, "[sidecar 2] once")).isEqualTo(1);
        assertThat(JobFailure.findLast(stderr)).isEmpty();
        assertThat(BootstrapCluster.eventually(() -> BootstrapCluster.processesOf(operation).isEmpty())).isTrue();
    }

    @Test
    void aSidecarWithPolicyFailFailsTheJobWithItsCode() {
        ObjectNode config = BootstrapCluster.config("//train/sidecar-fail", 1, 1, "sleep 300 & wait");
        BootstrapCluster.addSidecar(config, "sleep 0.3; exit 5", "fail");
        String operation = cluster.startOperation(config, Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("failed");
        String stderr = cluster.stderrByNode(operation).get(0);
        assertThat(JobFailure.findLast(stderr)).contains(JobFailure.sidecar(0, 0, 5));
        assertThat(job(operation, 0).path("error").path("inner_errors").get(0).path("attributes")
                .path("exit_code").asInt()).isEqualTo(5);
        assertThat(BootstrapCluster.eventually(() -> BootstrapCluster.processesOf(operation).isEmpty())).isTrue();
    }

    @Test
    void twoOperationsOnOneTrainingDirectoryGetConsecutiveIncarnationsOneAfterTheOther() throws Exception {
        Path release = scratch.resolve("release");
        String printContext = "cat \"$TRACTORUN_CONTEXT\"; echo";
        String first = cluster.startOperation(BootstrapCluster.config("//train/shared", 2, 1, printContext
                + "; while [ ! -e '" + release + "' ]; do sleep 0.05; done"), Map.of());
        assertThat(BootstrapCluster.eventually(
                () -> cluster.client().exists("//train/shared/incarnations/00000/@ready"))).isTrue();

        String second = cluster.startOperation(BootstrapCluster.config("//train/shared", 2, 1, printContext), Map.of());
        String waiting = "tractorun: waiting for the primary lock of //train/shared held by operation " + first;
        assertThat(BootstrapCluster.eventually(() -> cluster.stderrByNode(second).getOrDefault(0, "")
                .contains(waiting))).isTrue();
        assertThat(cluster.client().get("//train/shared/@incarnation_id").asLong()).isZero();
        assertThat(cluster.client().list("//train/shared/incarnations/00000/nodes")).containsExactlyInAnyOrder("0", "1");
        assertThat(cluster.client().getOperation(second, List.of("state")).path("state").asText()).isEqualTo("running");

        Files.createFile(release);
        assertThat(cluster.awaitFinished(first)).isEqualTo("completed");
        assertThat(cluster.awaitFinished(second)).isEqualTo("completed");
        assertThat(incarnationsSeen(first)).containsOnly(0L).hasSize(2);
        assertThat(incarnationsSeen(second)).containsOnly(1L).hasSize(2);
        assertThat(cluster.client().get("//train/shared/incarnations/00001/@incarnation_operation_id").asText())
                .isEqualTo(second);
        assertThat(cluster.client().get("//train/shared/incarnations/00000/@incarnation_operation_id").asText())
                .isEqualTo(first);
    }

    @Test
    void envFromCypressAndTheVaultTokenReachWorkersButNotTheSpec() {
        cluster.client().set("//secrets/key", TextNode.valueOf("s3cret-value"),
                new SetOptions(true, false));
        ObjectNode config = BootstrapCluster.config("//train/env", 1, 1,
                "echo \"SECRET=$SECRET PLAIN=$PLAIN YT_TOKEN=$YT_TOKEN YT_PROXY=$YT_PROXY\";"
                        + " test -f \"${PYTHONPATH%%:*}/tractorun_toolbox.py\" && echo toolbox-module-on-pythonpath");
        ArrayNode env = (ArrayNode) config.get("env");
        env.addObject().put("name", "SECRET").put("cypress_path", "//secrets/key");
        env.addObject().put("name", "PLAIN").put("value", "plain-value");
        String operation = cluster.startOperation(config, Map.of("YT_TOKEN", "token-123"));

        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");
        String stderr = cluster.stderrByNode(operation).get(0);
        assertThat(stderr).contains("[rank 0] SECRET=s3cret-value PLAIN=plain-value YT_TOKEN=token-123 YT_PROXY="
                + cluster.client().proxyUrl() + "\n");
        assertThat(stderr).contains("[rank 0] toolbox-module-on-pythonpath\n");
        assertThat(cluster.client().getOperation(operation).path("spec").toString()).doesNotContain("s3cret-value");
    }

    @Test
    void aMissingCypressPathFailsTheJobWithOneLineNamingVariableAndPath() {
        ObjectNode config = BootstrapCluster.config("//train/env-missing", 1, 1, "echo never");
        ((ArrayNode) config.get("env")).addObject().put("name", "GONE").put("cypress_path", "//secrets/missing");
        String operation = cluster.startOperation(config, Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("failed");
        String stderr = cluster.stderrByNode(operation).get(0);
        assertThat(JobFailure.findLast(stderr)).contains(JobFailure.bootstrap(Optional.of(0),
                "env variable GONE reads Cypress path //secrets/missing, which does not exist"));
        assertThat(stderr).doesNotContain("[rank 0]").doesNotContain("\tat ");
    }

    @Test
    void realtimeLogsAlsoGoToTheIncarnationsLogTables() {
        ObjectNode config = BootstrapCluster.config("//train/logs", 1, 1, "echo to-stdout; echo to-stderr >&2");
        config.put("operation_log_mode", "realtime_yt_table");
        BootstrapCluster.addSidecar(config, "echo from-sidecar", "never");
        String operation = cluster.startOperation(config, Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");
        assertThat(rows("//train/logs/logs/0/workers/0")).containsExactlyInAnyOrder("1 to-stdout", "2 to-stderr");
        assertThat(rows("//train/logs/logs/0/sidecars/0")).containsExactly("1 from-sidecar");
    }

    @Test
    void abortingTheOperationStopsEveryProcessAndReportsTermination() {
        String operation = cluster.startOperation(BootstrapCluster.config("//train/abort", 1, 2,
                "echo started; bash -c 'sleep 300 & wait' & wait"), Map.of());
        assertThat(BootstrapCluster.eventually(() -> linesOf(cluster.stderrByNode(operation).getOrDefault(0, ""),
                "started", true) == 2)).isTrue();

        cluster.client().abortOperation(operation, "test");
        assertThat(cluster.awaitFinished(operation)).isEqualTo("aborted");
        assertThat(BootstrapCluster.eventually(() -> BootstrapCluster.processesOf(operation).isEmpty()))
                .as("processes of the operation left: %s", BootstrapCluster.processesOf(operation)).isTrue();
        assertThat(BootstrapCluster.eventually(() -> JobFailure.findLast(cluster.stderrByNode(operation).get(0))
                .equals(Optional.of(JobFailure.terminated(Optional.of(0), 143))))).isTrue();
    }

    @Test
    void nodeServicesStartBeforeTheWorkersAndAddToTheirEnvironment() {
        String operation = cluster.startOperation(BootstrapCluster.config("//train/services", 2, 2,
                "echo \"service=$" + MarkingNodeServiceProvider.VARIABLE + "\""), Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");
        Map<Integer, String> stderr = cluster.stderrByNode(operation);
        assertThat(stderr.get(0)).contains("[rank 0] service=0/0/0\n", "[rank 1] service=0/1/0\n");
        assertThat(stderr.get(1)).contains("[rank 2] service=1/0/0\n", "[rank 3] service=1/1/0\n");
    }

    @Test
    void aBootstrapOfAnotherVersionRefusesToRun() {
        ObjectNode config = BootstrapCluster.config("//train/version", 1, 1, "echo never");
        config.put("version", "0.0.0-other");
        String operation = cluster.startOperation(config, Map.of());

        assertThat(cluster.awaitFinished(operation)).isEqualTo("failed");
        String stderr = cluster.stderrByNode(operation).get(0);
        assertThat(JobFailure.findLast(stderr).map(JobFailure::message).orElseThrow())
                .startsWith("tractorun version mismatch: the launcher is 0.0.0-other but the bootstrap in the job is ");
        assertThat(job(operation, 0).path("error").path("inner_errors").get(0).path("attributes")
                .path("exit_code").asInt()).isEqualTo(1);
    }

    @Test
    void anOperationAbortedWhileWaitingForThePrimaryLockLeavesTheDirectoryToTheNext() throws Exception {
        Path release = scratch.resolve("release");
        String first = cluster.startOperation(BootstrapCluster.config("//train/queue", 1, 1,
                "while [ ! -e '" + release + "' ]; do sleep 0.05; done"), Map.of());
        assertThat(BootstrapCluster.eventually(
                () -> cluster.client().exists("//train/queue/incarnations/00000/@ready"))).isTrue();
        ObjectNode waitingConfig = BootstrapCluster.config("//train/queue", 2, 1, "echo never");
        // Shorter than the wait: a queued operation must outlast its own barrier timeout.
        waitingConfig.put("barrier_timeout_seconds", 1);
        String waiting = cluster.startOperation(waitingConfig, Map.of());
        assertThat(BootstrapCluster.eventually(() -> cluster.stderrByNode(waiting).getOrDefault(1, "")
                .contains("tractorun: waiting for the primary of operation " + waiting))).isTrue();

        cluster.client().abortOperation(waiting, "test");
        assertThat(cluster.awaitFinished(waiting)).isEqualTo("aborted");
        assertThat(BootstrapCluster.eventually(() -> BootstrapCluster.processesOf(waiting).isEmpty())).isTrue();
        assertThat(cluster.client().get("//train/queue/primary_lock/@locks")).hasSize(1);
        Files.createFile(release);
        assertThat(cluster.awaitFinished(first)).isEqualTo("completed");

        String next = cluster.startOperation(BootstrapCluster.config("//train/queue", 1, 1, "echo done"), Map.of());
        assertThat(cluster.awaitFinished(next)).isEqualTo("completed");
        assertThat(cluster.client().list("//train/queue/incarnations")).containsExactly("00000", "00001");
        assertThat(cluster.client().get("//train/queue/incarnations/00001/@incarnation_operation_id").asText())
                .isEqualTo(next);
    }

    @Test
    void bindsAreUnpackedAndLibrariesAreOnThePythonPathAndClassPath() throws Exception {
        Path data = Files.createDirectories(scratch.resolve("data"));
        Files.writeString(data.resolve("input.txt"), "bound data");
        Path library = Files.createDirectories(scratch.resolve("mylib"));
        Files.writeString(library.resolve("__init__.py"), "");
        BindPacker.pack(data, scratch.resolve("bind_0.zip"));
        BindPacker.pack(library, scratch.resolve("lib_0.zip"));
        ObjectNode config = BootstrapCluster.config("//train/binds", 1, 1,
                "echo \"data=$(cat data/input.txt)\"; test -f \"${PYTHONPATH%%:*}/mylib/__init__.py\""
                        + " && echo lib-on-pythonpath; echo \"classpath=$CLASSPATH\"");
        config.putArray("binds").addObject().put("archive", "bind_0.zip").put("destination", "data");
        config.putArray("lib_binds").addObject().put("archive", "lib_0.zip").put("name", "mylib");
        String operation = cluster.startOperation(config, Map.of(),
                Map.of("bind_0.zip", scratch.resolve("bind_0.zip"), "lib_0.zip", scratch.resolve("lib_0.zip")));

        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");
        String stderr = cluster.stderrByNode(operation).get(0);
        assertThat(stderr).contains("[rank 0] data=bound data\n", "[rank 0] lib-on-pythonpath\n");
        assertThat(stderr).containsPattern("\\[rank 0] classpath=\\S*/\\.tractorun/libs/mylib:\\S*/\\.tractorun/libs/mylib/\\*");
    }

    @Test
    void losingTheIncarnationTransactionStopsThePrimarysNode() {
        String operation = cluster.startOperation(BootstrapCluster.config("//train/lost", 1, 1,
                "sleep 300 & wait"), Map.of());
        assertThat(BootstrapCluster.eventually(
                () -> cluster.client().exists("//train/lost/incarnations/00000/@ready"))).isTrue();

        cluster.client().abortTransaction(cluster.client()
                .get("//train/lost/incarnations/00000/@incarnation_transaction_id").asText());
        assertThat(cluster.awaitFinished(operation)).isEqualTo("failed");
        assertThat(JobFailure.findLast(cluster.stderrByNode(operation).get(0))).contains(JobFailure.bootstrap(
                Optional.of(0), "the incarnation transaction of //train/lost expired or was aborted, and the"
                        + " primary lock with it: stopped the node so that two gangs never share it"));
        assertThat(BootstrapCluster.eventually(() -> BootstrapCluster.processesOf(operation).isEmpty())).isTrue();
    }

    private List<Long> incarnationsSeen(String operation) {
        List<Long> seen = new ArrayList<>();
        Pattern incarnation = Pattern.compile("\"incarnation_id\":(\\d+)");
        for (String stderr : cluster.stderrByNode(operation).values()) {
            Matcher matcher = incarnation.matcher(stderr);
            while (matcher.find()) {
                seen.add(Long.parseLong(matcher.group(1)));
            }
        }
        return seen;
    }

    /** The rows of a log table as "fd message". */
    private List<String> rows(String table) {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<JsonNode> iterator = cluster.client().readTable(table)) {
            iterator.forEachRemaining(row -> {
                assertThat(row.path("datetime").asText()).isNotEmpty();
                rows.add(row.path("fd").asInt() + " " + row.path("message").asText());
            });
        }
        return rows;
    }

    private JsonNode job(String operation, int node) {
        for (JsonNode job : cluster.client().listJobs(operation).path("jobs")) {
            if (job.path("job_cookie").asInt() == node) {
                return job;
            }
        }
        throw new AssertionError("no job with cookie " + node + " in " + operation);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static long linesOf(String text, String line) {
        return linesOf(text, line, false);
    }

    private static long linesOf(String text, String line, boolean suffix) {
        return text.lines().filter(l -> suffix ? l.endsWith(line) : l.equals(line)).count();
    }
}
