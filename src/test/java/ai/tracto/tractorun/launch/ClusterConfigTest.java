package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterConfigTest {
    @TempDir
    Path root;
    private LocalCluster cluster;
    private YtClient yt;
    private final StringWriter err = new StringWriter();
    private LaunchEnvironment environment;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
        environment = new LaunchEnvironment(Map.of(), root, root, new PrintWriter(new StringWriter()),
                new PrintWriter(err), false);
    }

    @AfterEach
    void stop() {
        yt.close();
        cluster.close();
    }

    @Test
    void theCacheDirectoryAndTheOperationLinkComeFromTheDocument() throws Exception {
        yt.create("document", "//home/tractorun/config", CreateOptions.builder().recursive(true).build());
        yt.set("//home/tractorun/config", new ObjectMapper().readTree(
                "{\"file_cache_path\": \"//tmp/my-cache\", \"operation_link_template\": \"https://ui/ops/{operation_id}\"}"));

        ClusterConfig config = ClusterConfig.read(yt, "//home/tractorun/config", environment, false);

        assertThat(config.fileCachePath()).isEqualTo("//tmp/my-cache");
        assertThat(config.operationLink("1-2-3-4")).contains("https://ui/ops/1-2-3-4");
        assertThat(config.document()).isPresent();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMissingNodeIsOneWarningAndDefaults() {
        ClusterConfig config = ClusterConfig.read(yt, "//home/nobody/config", environment, false);

        assertThat(config.fileCachePath()).isEqualTo("//tmp/tractorun/cache");
        assertThat(config.operationLink("1-2-3-4")).isEmpty();
        assertThat(config.document()).isEmpty();
        assertThat(err.toString()).isEqualTo("tractorun: warning: no cluster config at //home/nobody/config;"
                + " using defaults\n");
    }

    @Test
    void aMissingDefaultNodeOnTheLocalClusterIsNotWorthAWarning() {
        ClusterConfig.read(yt, "//home/tractorun/config", environment, true);

        assertThat(err.toString()).isEmpty();
    }
}
