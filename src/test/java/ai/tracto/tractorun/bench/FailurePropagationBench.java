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
                        "exit -> last process of the run gone (supervisor stopped the gang): "
                                + killOnly.describe("s"))));
    }

    private void once(Samples propagation, Samples killOnly) throws Exception {
        String marker = "tractorun-bench-" + UUID.randomUUID();
        Path stamp = work.resolve(marker + ".exit");
        // The marker is in every worker's command line, so leftovers can be found by it.
        String script = "if [ \"$RANK\" = 2 ]; then sleep 1; date +%s%N > " + stamp + "; exit 1; fi; sleep 600 # "
                + marker;
        ProcessBuilder builder = new ProcessBuilder(repo.resolve("bin").resolve("tractorun").toString(), "--local",
                "--mesh.process-per-node", "4", "bash", "-c", script)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve(marker + ".log").toFile());
        builder.environment().putAll(Map.of("TRACTORUN_LOCAL_ROOT", work.resolve("local-cluster").toString(),
                "TRACTORUN_CACHE_DIR", work.resolve("cache").toString()));
        Process tractorun = builder.start();
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
        if (tractorun.exitValue() != 1) {
            throw new IllegalStateException("tractorun exited " + tractorun.exitValue() + ", expected 1:\n"
                    + Files.readString(work.resolve(marker + ".log")));
        }
        long failed = Long.parseLong(Files.readString(stamp).trim());
        propagation.add((Math.max(tractorunExit, lastSeenAlive) - failed) / 1e9);
        killOnly.add((lastSeenAlive - failed) / 1e9);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
