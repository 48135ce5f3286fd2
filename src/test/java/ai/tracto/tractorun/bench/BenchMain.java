package ai.tracto.tractorun.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Runs the five benchmarks and prints one Markdown table (tractorun's figure, the baseline's
 * figure from the same run, their ratio, the target) followed by notes with every sample.
 * {@code bench/run} builds the project and calls this from the repository root.
 *
 * <p>Arguments: {@code --quick} (one run each, smaller sizes) and optionally the names of the
 * benchmarks to run: {@code launch failure rendezvous checkpoint logs}.
 */
public final class BenchMain {
    private static final List<String> ALL = List.of("launch", "failure", "rendezvous", "checkpoint", "logs");
    /** Read before the benchmarks add their own load. */
    private static final String LOAD_AT_START = readLoadAverage();

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        List<String> selected = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        for (String name : selected) {
            if (!ALL.contains(name)) {
                System.err.println("bench: unknown benchmark '" + name + "'; expected some of " + ALL);
                System.exit(2);
            }
        }
        Set<String> run = Set.copyOf(selected.isEmpty() ? ALL : selected);
        Path repo = Path.of("").toAbsolutePath();
        Path work = LaunchOverheadBench.tempDir("work");
        int runs = quick ? 1 : 3;
        long started = System.nanoTime();
        List<BenchRow> rows = new ArrayList<>();
        try {
            if (run.contains("launch")) {
                LaunchOverheadBench.requireTorch();
                rows.addAll(new LaunchOverheadBench(repo, work, quick ? 1 : 9).run());
            }
            if (run.contains("failure")) {
                rows.addAll(new FailurePropagationBench(repo, work, runs).run());
            }
            if (run.contains("rendezvous")) {
                int[] sizes = quick ? new int[] {16, 256, 1024} : new int[] {16, 64, 256, 1024};
                rows.addAll(new RendezvousBench(work, runs, sizes).run());
            }
            if (run.contains("checkpoint")) {
                rows.addAll(new CheckpointBench(work, quick ? 1 : 3, quick ? 256L << 20 : 1L << 30).run());
            }
            if (run.contains("logs")) {
                rows.addAll(new LogForwardingBench(work, runs, quick ? 50_000 : 200_000).run());
            }
        } finally {
            deleteRecursively(work);
        }
        print(rows, quick, (System.nanoTime() - started) / 1e9);
    }

    private static void print(List<BenchRow> rows, boolean quick, double seconds) throws Exception {
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), "
                + cpuModel() + ", load average before the run " + LOAD_AT_START + "; "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + "; " + (quick ? "bench/run --quick" : "bench/run") + " took " + Math.round(seconds) + " s");
        System.out.println();
        System.out.println("| benchmark | tractorun | baseline (same run) | ratio | target | result |");
        System.out.println("|---|---|---|---|---|---|");
        for (BenchRow row : rows) {
            System.out.println("| " + String.join(" | ", row.name(), row.tractorun(), row.baseline(), row.ratio(),
                    row.target(), row.verdict()) + " |");
        }
        System.out.println();
        for (BenchRow row : rows) {
            row.notes().forEach(note -> System.out.println("- " + note));
        }
    }

    private static String readLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    private static void deleteRecursively(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
