package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.cli.LocalClusterMain;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.toolbox.Checkpoint;
import ai.tracto.tractorun.toolbox.CheckpointChild;
import ai.tracto.tractorun.toolbox.CheckpointManager;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster's process killed by SIGKILL while a checkpoint streams into it: after a
 * restart on the same root the previous checkpoint is the latest, byte for byte, and saving goes on.
 */
@Timeout(300)
class ClusterKilledDuringCheckpointTest {
    private static final String YT_PATH = "//tmp/killed-cluster";

    @TempDir
    Path root;

    @Test
    void aClusterKilledMidSaveRestartsWithThePreviousCheckpointIntact() throws Exception {
        byte[] before = new byte[1 << 20];
        new Random(7).nextBytes(before);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LocalClusterMain.class.getName(), "--root", root.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process saver = null;
        try {
            BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String proxy = serverOut.readLine();
            try (YtClient yt = YtClient.builder().proxy(proxy).build();
                 CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
                manager.saveCheckpoint(before, JsonNodeFactory.instance.objectNode().put("step", 1))
                        .get(60, TimeUnit.SECONDS);
            }
            saver = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    CheckpointChild.class.getName(), "endless", proxy, YT_PATH)).redirectErrorStream(true).start();
            BufferedReader saverOut = new BufferedReader(new InputStreamReader(saver.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(saverOut.readLine()).isEqualTo("streaming");

            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
            if (saver != null) {
                saver.destroyForcibly();
                saver.waitFor(30, TimeUnit.SECONDS);
            }
        }

        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString())
                     .retryDeadline(Duration.ofSeconds(30)).build();
             CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            Checkpoint last = manager.lastCheckpoint().orElseThrow();
            assertThat(last.index()).isZero();
            assertThat(last.metadata().path("step").asInt()).isEqualTo(1);
            assertThat(last.readValue()).isEqualTo(before);

            int next = manager.saveCheckpoint("after".getBytes(StandardCharsets.UTF_8), null).get(60, TimeUnit.SECONDS);
            assertThat(next).isPositive();
            assertThat(manager.lastCheckpoint().orElseThrow().index()).isEqualTo(next);
        }
    }
}
