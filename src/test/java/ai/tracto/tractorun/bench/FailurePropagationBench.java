package ai.tracto.tractorun.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: 1 node × 4 workers under {@code bin/tractorun --local}; rank 2 writes the time
 * (ns since the epoch) to a file right before it exits 1, the others sleep. Measured: from that
 * exit to the moment tractorun has exited and no process of the run is left.
 */
final class FailurePropagationBench {
    private static final double GRACE_SECONDS = 0;

    private Samples clusterMarked = new Samples();
    private Samples launcherNoticed = new Samples();
    private final Path repo;
    private final Path work;
    private final int runs;

    FailurePropagationBench(Path repo, Path work, int runs) {
        this.repo = repo;
        this.work = work;
        this.runs = runs;
    }

    List<BenchRow> run() throws Exception {
        Samples propagation = new Samples();
        Samples killOnly = new Samples();
        once(new Samples(), new Samples());
        // The warm-up's phases do not count either.
        clusterMarked = new Samples();
        launcherNoticed = new Samples();
        for (int i = 0; i < runs; i++) {
            System.err.println("bench: failure propagation: run " + (i + 1) + "/" + runs);
            once(propagation, killOnly);
        }
        double target = 0.5 + GRACE_SECONDS;
        return List.of(new BenchRow("2. failure propagation, 1x4, rank exits 1", Samples.fmt(propagation.median()) + " s",
                "-", "-", "<= 0.5 s + grace",
                BenchRow.verdict(propagation.median() <= target),
                List.of("exit -> tractorun exited with no process left: " + propagation.describe("s")
                        + "; the sleeping workers end on SIGTERM at once, so no grace period is spent",
                        "after the exit: last worker gone (the supervisor stopped the gang) " + killOnly.describe("s")
                                + "; the embedded cluster marks the operation failed " + clusterMarked.describe("s")
                                + "; the launcher's watcher sees it " + launcherNoticed.describe("s")
                                + "; the rest is the failure summary, the cluster's stop and the JVM's exit")));
    }

    private void once(Samples propagation, Samples killOnly) throws Exception {
        String marker = "tractorun-bench-" + UUID.randomUUID();
        Path stamp = work.resolve(marker + ".exit");
        // The marker is in every worker's command line, so leftovers can be found by it.
        String script = "if [ \"$RANK\" = 2 ]; then sleep 1; date +%s%N > " + stamp + "; exit 1; fi; sleep 600 # "
                + marker;
        ProcessBuilder builder = new ProcessBuilder(repo.resolve("bin").resolve("tractorun").toString(), "--local",
                "--mesh.process-per-node", "4", "bash", "-c", script)
                .directory(work.toFile()).redirectErrorStream(true);
        // INFO makes the embedded cluster log when it marks the operation failed: the phase split.
        builder.environment().putAll(Map.of("TRACTORUN_LOCAL_ROOT", work.resolve("local-cluster").toString(),
                "TRACTORUN_CACHE_DIR", work.resolve("cache").toString(), "YT_LOG_LEVEL", "info"));
        Process tractorun = builder.start();
        List<long[]> clusterFailed = new ArrayList<>();
        List<long[]> launcherSaw = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(tractorun.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    long now = epochNanos();
                    synchronized (output) {
                        output.append(line).append('\n');
                        if (line.contains("INFO") && line.endsWith(": failed") && clusterFailed.isEmpty()) {
                            clusterFailed.add(new long[] {now});
                        }
                        if (line.contains(": failed (jobs:") && launcherSaw.isEmpty()) {
                            launcherSaw.add(new long[] {now});
                        }
                    }
                }
            } catch (java.io.IOException ignored) {
                // The launcher is gone; its output is complete.
            }
        });
        reader.start();
        long lastSeenAlive = 0;
        List<ProcessHandle> remaining = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        long tractorunExit = 0;
        while (System.nanoTime() < deadline) {
            if (tractorunExit == 0 && !tractorun.isAlive()) {
                tractorunExit = epochNanos();
            }
            // The launcher's own command line carries the script too; count the job's processes only.
            remaining = Processes.withMarker(marker).stream().filter(p -> p.pid() != tractorun.pid()).toList();
            if (!remaining.isEmpty()) {
                lastSeenAlive = epochNanos();
            }
            if (tractorunExit != 0 && remaining.isEmpty()) {
                break;
            }
            Thread.sleep(5);
        }
        if (tractorun.isAlive() || !remaining.isEmpty()) {
            Processes.destroyTree(tractorun.toHandle());
            remaining.forEach(Processes::destroyTree);
            throw new IllegalStateException("the failing run did not end within 300 s");
        }
        reader.join(10_000);
        if (tractorun.exitValue() != 1) {
            throw new IllegalStateException("tractorun exited " + tractorun.exitValue() + ", expected 1:\n" + output);
        }
        long failed = Long.parseLong(Files.readString(stamp).trim());
        propagation.add((Math.max(tractorunExit, lastSeenAlive) - failed) / 1e9);
        killOnly.add(Math.max(0, lastSeenAlive - failed) / 1e9);
        synchronized (output) {
            if (!clusterFailed.isEmpty() && !launcherSaw.isEmpty()) {
                clusterMarked.add((clusterFailed.get(0)[0] - failed) / 1e9);
                launcherNoticed.add((launcherSaw.get(0)[0] - failed) / 1e9);
            }
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
