package ai.tracto.tractorun.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDirectoryPrepareTest {
    private static final String YT_PATH = "//home/me/run";
    private final ai.tracto.tractorun.job.TrainingDirectory layout =
            new ai.tracto.tractorun.job.TrainingDirectory(YT_PATH);

    @TempDir
    Path root;
    private LocalCluster cluster;
    private YtClient yt;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    @AfterEach
    void stopCluster() {
        yt.close();
        cluster.close();
    }

    @Test
    void aNewDirectoryGetsTheJobsLayoutWithThePrimaryLockAndNoIncarnationYet() {
        TrainingDirectory.prepare(yt, YT_PATH);

        assertThat(yt.get(layout.incarnationIdAttribute()).asLong()).isEqualTo(-1);
        assertThat(yt.list(YT_PATH))
                .containsExactlyInAnyOrder("primary_lock", "incarnations", "checkpoints", "models", "logs");
        // The names the job's rendezvous expects, not copies of them.
        assertThat(yt.get(layout.primaryLock() + "/@type").asText()).isEqualTo("map_node");
        assertThat(yt.get(layout.incarnations() + "/@type").asText()).isEqualTo("map_node");
    }

    @Test
    void anExistingDirectoryKeepsItsIncarnationAndGainsTheMissingPrimaryLock() {
        yt.create("map_node", YT_PATH, CreateOptions.builder().recursive(true)
                .attributes(JsonNodeFactory.instance.objectNode().put("incarnation_id", 6)).build());
        yt.create("map_node", layout.incarnation(6), CreateOptions.builder().recursive(true).build());

        TrainingDirectory.prepare(yt, YT_PATH);
        TrainingDirectory.prepare(yt, YT_PATH);

        assertThat(yt.get(layout.incarnationIdAttribute()).asLong()).isEqualTo(6);
        assertThat(yt.list(layout.incarnations())).containsExactly("00006");
        assertThat(yt.exists(layout.primaryLock())).isTrue();
    }
}
