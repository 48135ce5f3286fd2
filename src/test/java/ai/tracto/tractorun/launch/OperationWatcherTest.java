package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class OperationWatcherTest {
    @TempDir
    Path root;

    private String follow(boolean terminal) throws Exception {
        StringWriter err = new StringWriter();
        LaunchEnvironment environment = new LaunchEnvironment(Map.of(), root, root,
                new PrintWriter(new StringWriter()), new PrintWriter(err), terminal);
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            String id = yt.startOperation("vanilla", new ObjectMapper().readTree(
                    "{\"tasks\": {\"t\": {\"command\": \"sleep 0.3\", \"job_count\": 1}}}"));
            Optional<?> finished = new OperationWatcher(yt, id, environment, new CountDownLatch(1), new WakeUp(),
                    Optional.empty(), OperationWatcher.LOCAL).awaitFinished();
            assertThat(finished).isPresent();
            return err.toString().replace(id, "<id>");
        }
    }

    @Test
    void aChangeReportedByTheClusterInThisProcessEndsTheWait() throws Exception {
        LaunchEnvironment environment = quietEnvironment();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            WakeUp wakeUp = new WakeUp();
            cluster.onOperationChange(wakeUp::call);
            String id = yt.startOperation("vanilla", new ObjectMapper().readTree(
                    "{\"tasks\": {\"t\": {\"command\": \"sleep 0.2\", \"job_count\": 1}}}"));
            // Polls an hour apart: only the cluster's reports can end the wait within the test's limit.
            OperationWatcher watcher = new OperationWatcher(yt, id, environment, new CountDownLatch(1), wakeUp,
                    Optional.empty(), new OperationWatcher.Pace(Duration.ofHours(1), Duration.ofHours(1)));

            Optional<JsonNode> finished = assertTimeoutPreemptively(Duration.ofSeconds(60), watcher::awaitFinished);

            assertThat(finished).hasValueSatisfying(
                    operation -> assertThat(operation.path("state").asText()).isEqualTo("completed"));
        }
    }

    @Test
    void anInterruptionEndsTheWaitWithoutAResult() throws Exception {
        LaunchEnvironment environment = quietEnvironment();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            String id = yt.startOperation("vanilla", new ObjectMapper().readTree(
                    "{\"tasks\": {\"t\": {\"command\": \"sleep 600\", \"job_count\": 1}}}"));
            CountDownLatch interrupted = new CountDownLatch(1);
            WakeUp wakeUp = new WakeUp();
            OperationWatcher watcher = new OperationWatcher(yt, id, environment, interrupted, wakeUp,
                    Optional.empty(), new OperationWatcher.Pace(Duration.ofHours(1), Duration.ofHours(1)));
            interrupted.countDown();
            wakeUp.call();

            Optional<JsonNode> finished = assertTimeoutPreemptively(Duration.ofSeconds(60), watcher::awaitFinished);

            assertThat(finished).isEmpty();
        }
    }

    private LaunchEnvironment quietEnvironment() {
        return new LaunchEnvironment(Map.of(), root, root, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false);
    }

    @Test
    void aTerminalGetsOneLiveLineRewrittenInPlace() throws Exception {
        String err = follow(true);

        assertThat(err).startsWith("\rtractorun: operation <id>: ")
                .endsWith("\rtractorun: operation <id>: completed (jobs: 0 pending, 0 running, 1 completed,"
                        + " 0 failed)\u001b[K\n")
                .doesNotContain("\n\r");
        assertThat(err.strip()).doesNotContain("\n");
    }

    @Test
    void aPipeGetsOnePlainLinePerChange() throws Exception {
        String err = follow(false);

        assertThat(err).doesNotContain("\r")
                .endsWith("tractorun: operation <id>: completed (jobs: 0 pending, 0 running, 1 completed, 0 failed)\n");
        assertThat(err.lines()).doesNotHaveDuplicates().allMatch(line -> line.startsWith("tractorun: operation <id>: "));
    }
}
