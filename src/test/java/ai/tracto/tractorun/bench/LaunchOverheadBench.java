package ai.tracto.tractorun.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 1: one DDP all-reduce on 1 node × 2 processes, started by {@code bin/tractorun --local},
 * by {@code torchrun --monitor_interval 0.1} and by hand (two processes with the torchrun
 * environment set directly). Runs are interleaved so that a busy machine hurts all three alike.
 */
final class LaunchOverheadBench {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 300;

    private final Path repo;
    private final Path work;
    private final int runs;

    LaunchOverheadBench(Path repo, Path work, int runs) {
        this.repo = repo;
        this.work = work;
        this.runs = runs;
    }

    List<BenchRow> run() throws Exception {
        Samples raw = new Samples();
        Samples torchrun = new Samples();
        Samples tractorun = new Samples();
        Map<String, Samples> phases = new HashMap<>();
        System.err.println("bench: launch overhead: warm-up (builds the job's Java runtime once)");
        raw();
        torchrun();
        tractorun(phases, true);
        for (int i = 0; i < runs; i++) {
            System.err.println("bench: launch overhead: run " + (i + 1) + "/" + runs);
            raw.add(raw());
            torchrun.add(torchrun());
            tractorun.add(tractorun(phases, false));
        }
        double ratio = tractorun.median() / raw.median();
        double torchrunRatio = torchrun.median() / raw.median();
        List<String> notes = new ArrayList<>();
        notes.add("raw " + raw.describe("s") + "; torchrun " + torchrun.describe("s") + "; tractorun "
                + tractorun.describe("s"));
        notes.add("tractorun/raw round by round (the two launches of one round ran a few seconds apart, so a"
                + " machine whose speed drifts moves both): " + roundByRound(tractorun, raw).describe("")
                + "; the verdict uses the ratio of the medians, as the table shows");
        notes.add("tractorun's time, median per phase: " + String.join(", ",
                phase(phases, "jvm", "JVM start + embedded cluster start"),
                phase(phases, "prepare", "cluster config + training dir + upload (cached)"),
                phase(phases, "submit", "start operation"),
                phase(phases, "job", "job: bootstrap JVM + rendezvous + the 2 workers"),
                phase(phases, "notice", "until the launcher sees the end"),
                phase(phases, "exit", "summary + cluster stop + JVM exit")));
        return List.of(
                new BenchRow("1. launch overhead, DDP 1x2 (tractorun/raw)", Samples.fmt(tractorun.median()) + " s",
                        "raw " + Samples.fmt(raw.median()) + " s", Samples.fmt(ratio), "<= 1.5",
                        BenchRow.verdict(ratio <= 1.5), notes),
                new BenchRow("   torchrun --monitor_interval 0.1 (torchrun/raw)", Samples.fmt(torchrun.median()) + " s",
                        "raw " + Samples.fmt(raw.median()) + " s", Samples.fmt(torchrunRatio), "reference", "-",
                        List.of()));
    }

    private static Samples roundByRound(Samples launcher, Samples raw) {
        Samples ratios = new Samples();
        List<Double> launches = launcher.values();
        List<Double> baselines = raw.values();
        for (int i = 0; i < launches.size(); i++) {
            ratios.add(launches.get(i) / baselines.get(i));
        }
        return ratios;
    }

    private static String phase(Map<String, Samples> phases, String key, String what) {
        Samples samples = phases.get(key);
        return what + " " + (samples == null ? "n/a" : Samples.fmt(samples.median()) + " s");
    }

    private Path script() {
        return repo.resolve("bench").resolve("allreduce.py");
    }

    /** The two workers started by hand with the environment torchrun would give them. */
    private double raw() throws Exception {
        int port = freePort();
        long start = System.nanoTime();
        List<Process> workers = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, script().toString()).inheritIO();
            Map<String, String> env = builder.environment();
            env.put("MASTER_ADDR", "127.0.0.1");
            env.put("MASTER_PORT", Integer.toString(port));
            env.put("WORLD_SIZE", "2");
            env.put("RANK", Integer.toString(rank));
            env.put("LOCAL_RANK", Integer.toString(rank));
            env.put("LOCAL_WORLD_SIZE", "2");
            workers.add(builder.start());
        }
        for (Process worker : workers) {
            if (!worker.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || worker.exitValue() != 0) {
                workers.forEach(w -> Processes.destroyTree(w.toHandle()));
                throw new IllegalStateException("raw all-reduce worker failed");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private double torchrun() throws Exception {
        Processes.Result result = Processes.run(List.of(PYTHON, repo.resolve("bench").resolve("torchrun_compat.py").toString(),
                "--monitor_interval", "0.1", "--standalone", "--nproc_per_node", "2", script().toString()),
                Map.of(), work, TIMEOUT_SECONDS);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("torchrun failed:\n" + result.output());
        }
        return result.seconds();
    }

    private double tractorun(Map<String, Samples> phases, boolean warmUp) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TRACTORUN_LOCAL_ROOT", work.resolve("local-cluster").toString());
        env.put("TRACTORUN_CACHE_DIR", work.resolve("cache").toString());
        // INFO makes the embedded cluster log when the operation starts and ends: the phase split below.
        env.put("YT_LOG_LEVEL", "info");
        Processes.Result result = Processes.run(List.of(repo.resolve("bin").resolve("tractorun").toString(), "--local",
                "--mesh.process-per-node", "2", PYTHON, script().toString()), env, work, TIMEOUT_SECONDS);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("tractorun failed:\n" + result.output());
        }
        if (!warmUp) {
            double cluster = result.secondsTo("tractorun: local cluster at");
            double uploaded = result.secondsTo("tractorun: uploaded");
            double started = result.secondsTo("tractorun: started operation");
            double jobDone = result.secondsTo(": completed");
            double seen = result.secondsTo("completed (jobs:");
            double total = result.seconds();
            add(phases, "jvm", cluster);
            add(phases, "prepare", uploaded - cluster);
            add(phases, "submit", started - uploaded);
            add(phases, "job", jobDone - started);
            add(phases, "notice", seen - jobDone);
            add(phases, "exit", total - seen);
        }
        return result.seconds();
    }

    private static void add(Map<String, Samples> phases, String key, double value) {
        if (!Double.isNaN(value)) {
            phases.computeIfAbsent(key, k -> new Samples()).add(value);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void requireTorch() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
        if (!check.waitFor(120, TimeUnit.SECONDS) || check.exitValue() != 0) {
            Processes.destroyTree(check.toHandle());
            throw new IllegalStateException(PYTHON + " cannot import torch; the launch benchmark needs PyTorch");
        }
    }

    static Path tempDir(String name) throws IOException {
        return Files.createTempDirectory("tractorun-bench-" + name);
    }
}
