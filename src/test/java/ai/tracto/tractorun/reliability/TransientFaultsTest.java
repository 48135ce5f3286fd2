package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run through a proxy that spoils the first request of every third new connection, with a 503
 * or by hanging up without an answer: the launcher and the jobs (whose clients also go through
 * the proxy, since it is their {@code YT_PROXY}) retry, and the run succeeds.
 */
@Timeout(300)
class TransientFaultsTest {
    @TempDir
    Path root;
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    @Test
    void aRunSucceedsThrough503sAndDroppedConnections() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             FaultInjectingProxy proxy = FaultInjectingProxy.withFaults(cluster.proxyUrl(), index -> switch (index % 6) {
                 case 0 -> FaultInjectingProxy.Fault.RESPOND_503;
                 case 3 -> FaultInjectingProxy.Fault.DROP;
                 default -> FaultInjectingProxy.Fault.NONE;
             })) {
            ChildLauncher run = ChildLauncher.start(home, scratch.resolve("logs"),
                    Map.of("YT_PROXY", proxy.url().toString(), "YT_TOKEN", "t"),
                    List.of("--yt-path", "//tmp/flaky", "--docker-image", "local/image", "--mesh.node-count", "2",
                            "--mesh.process-per-node", "2", "bash", "-c", "echo rank $RANK done"));

            assertThat(run.awaitExit()).as(run.err()).isZero();
            assertThat(run.err()).contains("completed");
            assertThat(proxy.injected503()).isPositive();
            assertThat(proxy.injectedDrops()).isPositive();
        }
    }
}
