package ai.tracto.tractorun.localcluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a fresh embedded cluster in a temporary root for each test. */
abstract class ClusterFixture {
    @TempDir
    Path root;
    LocalCluster cluster;
    V4 yt;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
        yt = new V4(cluster.proxyUrl());
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
