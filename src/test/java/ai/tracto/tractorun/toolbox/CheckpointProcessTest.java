package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint saves in a separate JVM: a small heap for a big value, and a process killed mid-save. */
class CheckpointProcessTest {
    private static final String YT_PATH = "//tmp/training";

    @TempDir
    Path root;
    private LocalCluster cluster;
    private YtClient yt;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        yt.close();
        cluster.close();
    }

    @Test
    void oneGibCheckpointSavesAndLoadsInA256MibHeap() throws Exception {
        long size = 1L << 30;
        Process child = child("-Xmx256m", "roundtrip", cluster.proxyUrl().toString(), YT_PATH, Long.toString(size));
        List<String> lines = readLines(child);

        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
        assertThat(child.exitValue()).as("exit code; output: %s", lines).isZero();
        String saved = lines.stream().filter(l -> l.startsWith("saved ")).findFirst().orElseThrow();
        String loaded = lines.stream().filter(l -> l.startsWith("loaded ")).findFirst().orElseThrow();
        assertThat(saved).startsWith("saved 0 " + size + " ");
        assertThat(loaded.substring("loaded ".length())).isEqualTo(saved.substring("saved ".length()));
        long maxHeap = lines.stream().filter(l -> l.startsWith("max heap ")).findFirst()
                .map(l -> Long.parseLong(l.substring("max heap ".length()))).orElseThrow();
        assertThat(maxHeap).isLessThanOrEqualTo(256L << 20);
    }

    @Test
    void saveKilledMidUploadLeavesThePreviousCheckpointAsTheLatest() throws Exception {
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            manager.saveCheckpoint("before".getBytes(StandardCharsets.UTF_8),
                    JsonNodeFactory.instance.objectNode().put("step", 1)).get(30, TimeUnit.SECONDS);
        }
        Process child = child("-Xmx128m", "endless", cluster.proxyUrl().toString(), YT_PATH);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("streaming");

        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no abort of the save's transaction
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            Checkpoint last = manager.lastCheckpoint().orElseThrow();
            assertThat(last.index()).isZero();
            assertThat(new String(last.readValue(), StandardCharsets.UTF_8)).isEqualTo("before");

            int next = manager.saveCheckpoint("after".getBytes(StandardCharsets.UTF_8), null).get(30, TimeUnit.SECONDS);
            assertThat(next).isGreaterThan(0);
            assertThat(manager.lastCheckpoint().orElseThrow().index()).isEqualTo(next);
        }
    }

    private Process child(String heap, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), CheckpointChild.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(process);
        return process;
    }

    private static List<String> readLines(Process process) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
