package ai.tracto.tractorun.yt;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The client's integration scenarios against the embedded cluster, on every test run. */
class YtClientLocalClusterTest extends YtClientIntegrationScenarios {
    private static final String ROOT = "//tmp/it";

    @TempDir
    Path clusterRoot;

    private LocalCluster cluster;
    private YtClient client;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(new LocalClusterOptions(clusterRoot, 0));
        client = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
        client.create("map_node", ROOT, CreateOptions.builder().recursive(true).build());
    }

    @AfterEach
    void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected YtClient client() {
        return client;
    }

    @Override
    protected String root() {
        return ROOT;
    }
}
