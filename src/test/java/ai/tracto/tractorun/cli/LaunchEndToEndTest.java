package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.launch.FilePaths;
import ai.tracto.tractorun.launch.JobCommand;
import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.launch.LaunchExtras;
import ai.tracto.tractorun.launch.LaunchResult;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CloseableIterator;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tractorun --local} end to end: the picocli command, the launcher, the embedded cluster,
 * the job prelude, the bootstrap and real worker processes. Tests that need to look at the
 * cluster after the run start it themselves on the root; the launcher then finds the root busy
 * and uses that running cluster, as it does when a user runs {@code tractorun-local-cluster}.
 */
class LaunchEndToEndTest {
    @TempDir
    Path root;
    @TempDir
    Path home;

    @Test
    void theReadmeMeshExampleRunsOnTwoNodesOfTwoProcessesAndShowsThePrimarysOutput() {
        LaunchHarness run = new LaunchHarness(root, home);

        int code = run.tractorun("--local", "--mesh.node-count", "2", "--mesh.process-per-node", "2",
                "--proxy-stderr-mode", "primary", "--bind-local", "examples/mesh:examples/mesh",
                "python3", "examples/mesh/mesh_check.py");

        assertThat(code).as(run.err.toString()).isZero();
        assertThat(run.err.toString())
                .contains("tractorun: local cluster at http://127.0.0.1:")
                .containsPattern("\nrank 0/4 \\(node 0, local 0/2\\): mesh ok, 4 peers agree on master 127\\.0\\.0\\.1:\\d+\n")
                .doesNotContain("rank 1/4").doesNotContain("rank 3/4")
                .contains("tractorun: operation " + run.operationId() + " completed\n");
        assertThat(run.out.toString()).isEmpty();
    }

    @Test
    void aLaunchWhileAnotherServerHoldsTheRootUsesThatServerInsteadOfWritingTheRootToo() {
        try (LocalCluster running = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            LaunchHarness run = new LaunchHarness(root, home);

            int code = run.tractorun("--local", "--yt-path", "//tmp/shared-root", "true");

            assertThat(code).as(run.err.toString()).isZero();
            assertThat(run.err.toString())
                    .contains("tractorun: using the local cluster already running at " + running.proxyUrl())
                    .doesNotContain("tractorun: local cluster at");
            try (YtClient yt = YtClient.builder().proxy(running.proxyUrl().toString()).build()) {
                assertThat(yt.get("//tmp/shared-root/@incarnation_id").asLong()).isZero();
            }
        }
    }

    @Test
    void anUnchangedRelaunchUploadsNothing() {
        LaunchHarness first = new LaunchHarness(root, home);
        assertThat(first.tractorun("--local", "--yt-path", "//tmp/relaunch", "true")).as(first.err.toString()).isZero();
        LaunchHarness second = new LaunchHarness(root, home);

        int code = second.tractorun("--local", "--yt-path", "//tmp/relaunch", "true");

        assertThat(code).as(second.err.toString()).isZero();
        assertThat(first.err.toString()).doesNotContain("tractorun: uploaded 0 bytes");
        assertThat(second.err.toString()).containsPattern("tractorun: uploaded 0 bytes, reused [0-9.]+ (bytes|KiB|MiB) \\(\\d+ files\\)\n");
    }

    @Test
    void aSmallBootstrapConfigurationTravelsInTheSpecAndALargeOneAsAFile() {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            // Each worker prints how long its user config is and whether the variable reached it.
            String report = "printf 'config %s, variable %s\\n' \"$(printenv YT_USER_CONFIG | wc -c)\""
                    + " \"${" + JobCommand.CONFIG_VARIABLE + "-unset}\"";
            LaunchHarness small = new LaunchHarness(root, home);
            // Beyond ASCII: a JVM hands on of a job's environment only what its locale can encode.
            assertThat(small.tractorun("--local", "--yt-path", "//tmp/inline-конфиг", "--proxy-stderr-mode",
                    "primary", "--user-config", "{\"lr\": 0.1}", "sh", "-c", report)).as(small.err.toString()).isZero();
            String large = "x".repeat(JobCommand.MAX_INLINE_CONFIG_BYTES);
            LaunchHarness big = new LaunchHarness(root, home);
            assertThat(big.tractorun("--local", "--yt-path", "//tmp/shipped-config", "--proxy-stderr-mode",
                    "primary", "--user-config", "{\"blob\": \"" + large + "\"}", "sh", "-c", report))
                    .as(big.err.toString()).isZero();

            JsonNode smallTask = yt.getOperation(small.operationId()).path("spec").path("tasks").path("task");
            assertThat(smallTask.path("environment").path(JobCommand.CONFIG_VARIABLE).asText())
                    .contains("\"yt_path\":\"//tmp/inline-\\u043A\\u043E\\u043D\\u0444\\u0438\\u0433\"");
            assertThat(yt.get("//tmp/inline-конфиг/@incarnation_id").asLong()).isZero();
            assertThat(fileNames(smallTask)).doesNotContain(JobCommand.BOOTSTRAP_FILE);
            assertThat(small.err.toString()).contains("config 11, variable unset\n");
            JsonNode bigTask = yt.getOperation(big.operationId()).path("spec").path("tasks").path("task");
            assertThat(bigTask.path("environment").has(JobCommand.CONFIG_VARIABLE)).isFalse();
            assertThat(fileNames(bigTask)).contains(JobCommand.BOOTSTRAP_FILE);
            assertThat(big.err.toString()).contains("config " + (large.length() + 12) + ", variable unset\n");
        }
    }

    private static List<String> fileNames(JsonNode task) {
        List<String> names = new ArrayList<>();
        task.path("file_paths").forEach(file -> names.add(FilePaths.fileName(file)));
        return names;
    }

    @Test
    void theFirstLocalRunRecordsTheBootstrapsClassArchiveAndTheNextRunMapsIt(@TempDir Path cache) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            LaunchHarness first = new LaunchHarness(root, home, cache);
            assertThat(first.tractorun("--local", "--yt-path", "//tmp/cds", "true")).as(first.err.toString()).isZero();
            assertThat(jobCommand(yt, first.operationId())).contains("-XX:ArchiveClassesAtExit=");
            List<Path> recorded;
            try (Stream<Path> files = Files.list(cache.resolve("bootstrap-cds"))) {
                recorded = files.toList();
            }
            assertThat(recorded).singleElement().satisfies(archive -> {
                assertThat(archive.getFileName().toString()).endsWith(".jsa");
                assertThat(Files.size(archive)).isPositive();
            });

            LaunchHarness second = new LaunchHarness(root, home, cache);
            assertThat(second.tractorun("--local", "--yt-path", "//tmp/cds", "true")).as(second.err.toString())
                    .isZero();

            assertThat(jobCommand(yt, second.operationId()))
                    .contains("'-XX:SharedArchiveFile=" + recorded.get(0) + "'");
        }
    }

    private static String jobCommand(YtClient yt, String operationId) {
        return yt.getOperation(operationId).path("spec").path("tasks").path("task").path("command").asText();
    }

    @Test
    void aRankExitingSevenFailsTheRunWithCodeSevenNamesTheRankAndLeavesNoProcess() throws Exception {
        String marker = "987.7" + ProcessHandle.current().pid();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            LaunchHarness run = new LaunchHarness(root, home);

            int code = run.tractorun("--local", "--yt-path", "//tmp/fail7", "--mesh.node-count", "2",
                    "--mesh.process-per-node", "2", "sh", "-c",
                    "if [ \"$RANK\" = 3 ]; then echo \"boom from $RANK\"; exit 7; fi; sleep " + marker);

            assertThat(code).as(run.err.toString()).isEqualTo(7);
            assertThat(run.err.toString())
                    .containsPattern("tractorun: the gang failed: rank 3 on node 1 \\(127\\.0\\.0\\.1, job \\S+\\)"
                            + " failed first: exit code 7 - rank 3 exited with code 7\n")
                    .contains("\n  [rank 3] boom from 3\n");
            LaunchHarness.await("the workers to be gone", () -> LaunchHarness.processesWith(marker).isEmpty());

            // tractorun-logs reads the same peer from the job stderr (no log tables in default mode).
            StringWriter logs = new StringWriter();
            LaunchEnvironment environment = new LaunchEnvironment(java.util.Map.of("YT_PROXY",
                    cluster.proxyUrl().toString()), home, LaunchHarness.workingDirectory(), new PrintWriter(logs, true),
                    new PrintWriter(new StringWriter(), true), false);
            int logsCode = LogsCommand.commandLine(new LogsCommand(environment, new CountDownLatch(1)),
                    new PrintWriter(logs, true), new PrintWriter(new StringWriter(), true))
                    .execute("//tmp/fail7", "--peer-index", "3");
            assertThat(logsCode).isZero();
            assertThat(logs.toString()).isEqualTo("boom from 3\n");
        }
    }

    @Test
    void ctrlCAbortsTheOperationAndItsTransactionAndExits130() throws Exception {
        String marker = "987.3" + ProcessHandle.current().pid();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            LaunchHarness run = new LaunchHarness(root, home);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> run.tractorun("--local", "--yt-path", "//tmp/ctrlc", "sleep", marker));
            LaunchHarness.await("the operation to run", () -> run.err.toString().contains(": running (jobs:"));
            String operationId = run.operationId();
            String transactionId = yt.getOperation(operationId).path("user_transaction_id").asText();

            run.launcher.abort(Duration.ofSeconds(30));

            assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(130);
            assertThat(run.err.toString()).contains("tractorun: interrupted: aborted operation " + operationId + "\n");
            LaunchHarness.await("the operation to be aborted",
                    () -> yt.getOperation(operationId).path("state").asText().equals("aborted"));
            assertThat(yt.exists("#" + transactionId)).isFalse();
            LaunchHarness.await("the worker to be gone", () -> LaunchHarness.processesWith(marker).isEmpty());
        }
    }

    @Test
    void noWaitPrintsTheRunReportAndLeavesTheOperationRunning() throws Exception {
        String marker = "987.1" + ProcessHandle.current().pid();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            LaunchHarness run = new LaunchHarness(root, home);

            int code = run.tractorun("--local", "--no-wait", "--yt-path", "//tmp/nowait", "sleep", marker);

            assertThat(code).as(run.err.toString()).isZero();
            JsonNode report = new ObjectMapper().readTree(run.out.toString());
            String operationId = report.path("operation_id").asText();
            assertThat(operationId).isEqualTo(run.operationId());
            assertThat(report.path("yt_path").asText()).isEqualTo("//tmp/nowait");
            assertThat(report.path("proxy").asText()).isEqualTo(cluster.proxyUrl().toString());
            assertThat(yt.getOperation(operationId).path("state").asText()).isEqualTo("running");

            yt.abortOperation(operationId, "test over");
            LaunchHarness.await("the worker to be gone", () -> LaunchHarness.processesWith(marker).isEmpty());
        }
    }

    @Test
    void realtimeYtTableModeWritesLogTablesThatTractorunLogsReads() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            LaunchHarness run = new LaunchHarness(root, home);

            int code = run.tractorun("--local", "--yt-path", "//tmp/tables", "--mesh.process-per-node", "2",
                    "--operation-log-mode", "realtime_yt_table", "sh", "-c", "echo first-$RANK; echo second-$RANK");

            assertThat(code).as(run.err.toString()).isZero();
            List<String> messages = new ArrayList<>();
            try (CloseableIterator<JsonNode> rows = yt.readTable("//tmp/tables/logs/0/workers/1")) {
                rows.forEachRemaining(row -> messages.add(row.path("message").asText()));
            }
            assertThat(messages).containsExactly("first-1", "second-1");

            StringWriter logs = new StringWriter();
            LaunchHarness reader = new LaunchHarness(root, home);
            LaunchEnvironment environment = new LaunchEnvironment(reader.env, home, LaunchHarness.workingDirectory(),
                    new PrintWriter(logs, true), new PrintWriter(new StringWriter(), true), false);
            int logsCode = LogsCommand.commandLine(new LogsCommand(environment, new CountDownLatch(1)),
                    new PrintWriter(logs, true), new PrintWriter(new StringWriter(), true))
                    .execute("//tmp/tables", "--local", "--peer-index", "0", "--incarnation", "0");
            assertThat(logsCode).isZero();
            assertThat(logs.toString()).isEqualTo("first-0\nsecond-0\n");
        }
    }

    @Test
    void aProgrammaticLaunchShipsExtraFilesReplacesTheCommandAndDeliversCypressMapNodes(@TempDir Path files)
            throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            for (String path : List.of("//tmp/data/a.txt", "//tmp/data/sub/b.txt")) {
                yt.create("file", path, CreateOptions.builder().recursive(true).build());
                yt.writeFile(path, new ByteArrayInputStream(("content of " + path).getBytes(StandardCharsets.UTF_8)),
                        false);
            }
            Path greeting = Files.writeString(files.resolve("greeting.txt"), "hello from an extra file");
            LaunchHarness run = new LaunchHarness(root, home);
            RunConfig config = RunConfig.builder().local(true).ytPath("//tmp/programmatic").command("false")
                    .proxyStderrMode(StderrMode.PRIMARY).addBindCypress(new BindCypress("//tmp/data", "data")).build();

            LaunchResult result = run.launcher.launch(config, LaunchExtras.none()
                    .withFile("greeting.txt", greeting)
                    .withWorkerCommand(List.of("sh", "-c", "cat greeting.txt; echo; cat data/a.txt; echo;"
                            + " cat data/sub/b.txt; echo")));

            assertThat(result.exitCode()).as(run.err.toString()).isZero();
            assertThat(result.operationId()).contains(run.operationId());
            assertThat(result.ytPath()).isEqualTo("//tmp/programmatic");
            assertThat(result.proxy()).isEqualTo(cluster.proxyUrl());
            assertThat(run.err.toString()).contains("\nhello from an extra file\ncontent of //tmp/data/a.txt\n"
                    + "content of //tmp/data/sub/b.txt\n");
        }
    }

    @Test
    void anAbsoluteBindDestinationStopsALocalRunBeforeItStarts() {
        LaunchHarness run = new LaunchHarness(root, home);

        int code = run.tractorun("--local", "--bind-local", "examples/mesh:/opt/mesh", "true");

        assertThat(code).isEqualTo(2);
        assertThat(run.err.toString()).isEqualTo("tractorun: bind_local.destination: invalid value '/opt/mesh',"
                + " expected a relative destination with --local (local jobs never write outside their sandbox),"
                + " e.g. 'opt/mesh' in the job's working directory\n");
    }

    @Test
    void thePytorchExampleTrainsTwoByTwoAndASecondRunResumesFromTheFirstRunsLastStep() throws Exception {
        Optional<String> python = torchInterpreter();
        Assumptions.assumeTrue(python.isPresent(), "PyTorch is not importable by python3 on PATH, /usr/bin/python3"
                + " or /usr/local/bin/python3: skipping the DDP example");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            List<String> args = List.of("--local", "--yt-path", "//tmp/ddp", "--mesh.node-count", "2",
                    "--mesh.process-per-node", "2", "--bind-local", "examples/torch:examples/torch",
                    python.get(), "examples/torch/ddp_train.py");
            LaunchHarness first = new LaunchHarness(root, home);
            assertThat(first.tractorun(args)).as(first.err.toString()).isZero();
            LaunchHarness second = new LaunchHarness(root, home);
            assertThat(second.tractorun(args)).as(second.err.toString()).isZero();

            String firstOutput = workerOutput(yt, first.operationId());
            String secondOutput = workerOutput(yt, second.operationId());
            assertThat(firstOutput).doesNotContain("resumed from checkpoint");
            assertThat(finalLosses(firstOutput, 0, 30)).hasSize(4).containsOnly(finalLosses(firstOutput, 0, 30).get(0));
            for (int rank = 0; rank < 4; rank++) {
                assertThat(secondOutput).contains("[rank " + rank + "] resumed from checkpoint 0 at step 30\n");
            }
            List<String> resumedLosses = finalLosses(secondOutput, 30, 60);
            assertThat(resumedLosses).hasSize(4).containsOnly(resumedLosses.get(0));
        }
    }

    /** The final loss each rank printed after training steps {@code from..to}. */
    private static List<String> finalLosses(String output, int from, int to) {
        Matcher m = Pattern.compile("\\[rank \\d] rank \\d/4 backend gloo: trained steps " + from + "\\.\\." + to
                + ", final loss (\\S+)").matcher(output);
        List<String> losses = new ArrayList<>();
        while (m.find()) {
            losses.add(m.group(1));
        }
        return losses;
    }

    /** Every job's stderr of the operation, one after another. */
    private static String workerOutput(YtClient yt, String operationId) throws IOException {
        StringBuilder output = new StringBuilder();
        for (JsonNode job : yt.listJobs(operationId).path("jobs")) {
            output.append(stderr(yt, operationId, job.path("id").asText()));
        }
        return output.toString();
    }

    private static String stderr(YtClient yt, String operationId, String jobId) throws IOException {
        try (InputStream in = yt.getJobStderr(operationId, jobId)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The first of the usual interpreters that can import torch. */
    private static Optional<String> torchInterpreter() throws Exception {
        for (String candidate : List.of("python3", "/usr/bin/python3", "/usr/local/bin/python3")) {
            Process process;
            try {
                process = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
            } catch (IOException notThere) {
                continue;
            }
            process.getInputStream().readAllBytes();
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return Optional.of(candidate);
            }
            process.destroyForcibly();
        }
        return Optional.empty();
    }
}
