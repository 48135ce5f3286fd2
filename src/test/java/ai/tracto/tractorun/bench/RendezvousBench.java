package ai.tracto.tractorun.bench;

import ai.tracto.tractorun.job.Endpoint;
import ai.tracto.tractorun.job.Incarnation;
import ai.tracto.tractorun.job.JobIdentity;
import ai.tracto.tractorun.job.Rendezvous;
import ai.tracto.tractorun.job.RendezvousOptions;
import ai.tracto.tractorun.job.TrainingDirectory;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.reliability.FaultInjectingProxy;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 3: N simulated nodes (threads) join one barrier through {@link Rendezvous} against
 * one embedded cluster, behind a counting proxy, in a training directory prepared as a launch
 * prepares it (uncounted: the launcher's requests are not the nodes'). Nodes 0..N-2 join first;
 * once all of them are registered the last node joins, and the release latency is from that
 * last join to the moment the last node's join returned. A released node's thread idles until
 * every node is released, so that the end of one simulated node does not take the cores another
 * still needs. Requests per node come from the rendezvous itself, bytes per node from the proxy
 * (Cypress traffic only).
 */
final class RendezvousBench {
    private final Path work;
    private final int runs;
    private final int[] sizes;

    RendezvousBench(Path work, int runs, int[] sizes) {
        this.work = work;
        this.runs = runs;
        this.sizes = sizes;
    }

    private record Outcome(double latencyMs, double primaryMs, double requestsPerNode, double peerRequestsMax,
                           double bytesPerNode) {
    }

    List<BenchRow> run() throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(work.resolve("rendezvous-cluster"), 0))) {
            once(cluster, 4);
            for (int n : sizes) {
                Samples latency = new Samples();
                Samples primary = new Samples();
                Samples requests = new Samples();
                Samples maxRequests = new Samples();
                Samples bytes = new Samples();
                for (int i = 0; i < runs; i++) {
                    System.err.println("bench: rendezvous: " + n + " nodes, run " + (i + 1) + "/" + runs);
                    Outcome outcome = once(cluster, n);
                    latency.add(outcome.latencyMs());
                    primary.add(outcome.primaryMs());
                    requests.add(outcome.requestsPerNode());
                    maxRequests.add(outcome.peerRequestsMax());
                    bytes.add(outcome.bytesPerNode());
                }
                boolean atTarget = n == 1024;
                rows.add(new BenchRow("3. rendezvous, " + n + " nodes: last join -> last release",
                        Samples.fmt(latency.median()) + " ms",
                        String.format(Locale.ROOT, "%.1f req/node (max %.0f), %.0f B/node", requests.median(),
                                maxRequests.median(), bytes.median()),
                        "-", atTarget ? "<= 200 ms" : "-",
                        atTarget ? BenchRow.verdict(latency.median() <= 200) : "-",
                        List.of(n + " nodes: release " + latency.describe("ms") + " (the primary published the topology"
                                + " after " + primary.describe("ms") + "), requests/node "
                                + requests.describe("") + ", bytes/node " + bytes.describe("B"))));
            }
        }
        return rows;
    }

    private Outcome once(LocalCluster cluster, int n) throws Exception {
        String operationId = UUID.randomUUID().toString();
        TrainingDirectory directory = new TrainingDirectory("//tmp/bench/rendezvous/" + operationId);
        RendezvousOptions options = RendezvousOptions.of(Duration.ofMinutes(5), line -> { });
        long[] released = new long[n];
        long[] requests = new long[n];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(n);
        CountDownLatch measured = new CountDownLatch(1);
        List<Incarnation> incarnations = new ArrayList<>();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.counting(cluster.proxyUrl());
             YtClient client = YtClient.builder().proxy(proxy.url().toString()).build();
             YtClient observer = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            ai.tracto.tractorun.launch.TrainingDirectory.prepare(observer, directory.ytPath());
            List<Thread> threads = new ArrayList<>();
            for (int index = 0; index < n; index++) {
                int node = index;
                JobIdentity self = new JobIdentity(operationId, "job-" + node, node, new Endpoint("127.0.0.1", 20000 + node));
                threads.add(new Thread(null, () -> {
                    try {
                        Incarnation incarnation = Rendezvous.join(client, directory, self, n, options);
                        released[node] = System.nanoTime();
                        requests[node] = incarnation.requests();
                        synchronized (incarnations) {
                            incarnations.add(incarnation);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                    // A released node idles until every node is released: the ends of 1023 threads
                    // (and the joins they wake) are the bench's own work, not the rendezvous, and
                    // on a real cluster no node's aftermath delays another node's release.
                    try {
                        measured.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "node-" + node, 256 * 1024));
            }
            for (int i = 0; i < n - 1; i++) {
                threads.get(i).start();
            }
            awaitRegistered(observer, directory, operationId, n - 1, failure);
            long lastJoin = System.nanoTime();
            threads.get(n - 1).start();
            boolean finished = done.await(5, TimeUnit.MINUTES);
            measured.countDown();
            for (Thread thread : threads) {
                thread.join(Duration.ofMinutes(1).toMillis());
            }
            if (!finished && failure.get() == null) {
                throw new IllegalStateException("rendezvous of " + n + " nodes did not finish within 5 minutes");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("rendezvous of " + n + " nodes failed", failure.get());
            }
            long last = 0;
            long total = 0;
            long peerMax = 0;
            for (int i = 0; i < n; i++) {
                last = Math.max(last, released[i]);
                total += requests[i];
                if (i > 0) {
                    peerMax = Math.max(peerMax, requests[i]);
                }
            }
            double bytesPerNode = (double) proxy.bytes() / n;
            // The primary's transaction is aborted while the proxy still runs.
            incarnations.forEach(Incarnation::close);
            incarnations.clear();
            return new Outcome((last - lastJoin) / 1e6, (released[0] - lastJoin) / 1e6, (double) total / n, peerMax,
                    bytesPerNode);
        } finally {
            incarnations.forEach(Incarnation::close);
        }
    }

    private static void awaitRegistered(YtClient observer, TrainingDirectory directory, String operationId, int count,
                                        AtomicReference<Throwable> failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && failure.get() == null) {
            try {
                long id = observer.get(directory.incarnationIdAttribute()).asLong(-1);
                if (id >= 0 && observer.get(directory.incarnationAttribute(id,
                        TrainingDirectory.INCARNATION_OPERATION_ID)).asText().equals(operationId)
                        && observer.get(directory.nodes(id) + "/@count").asInt() >= count) {
                    return;
                }
            } catch (YtException e) {
                // Not created yet.
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the first " + count + " nodes did not register", failure.get());
    }
}
