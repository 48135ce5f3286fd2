package ai.tracto.tractorun.job;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rendezvous tests share: one embedded cluster per test, a client, a pool of threads
 * that play the nodes (each with its own identity), and the progress lines they report.
 */
@Timeout(60)
abstract class RendezvousTestBase {
    static final String YT_PATH = "//home/train";
    static final TrainingDirectory DIRECTORY = new TrainingDirectory(YT_PATH);

    @TempDir
    Path root;
    LocalCluster cluster;
    YtClient client;
    final ExecutorService nodes = Executors.newCachedThreadPool();
    final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
        client = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        nodes.shutdownNow();
        nodes.awaitTermination(10, TimeUnit.SECONDS);
        client.close();
        cluster.close();
    }

    /** Node {@code node} of a gang of {@code nodeCount} joins for {@code operationId}. */
    Incarnation join(String operationId, int node, int nodeCount, Duration timeout) throws InterruptedException {
        JobIdentity self = new JobIdentity(operationId, "job-" + node, node, endpoint(node));
        return Rendezvous.join(client, DIRECTORY, self, nodeCount, RendezvousOptions.of(timeout, progress::add));
    }

    static Endpoint endpoint(int node) {
        return new Endpoint("127.0.0.1", 20000 + node);
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
