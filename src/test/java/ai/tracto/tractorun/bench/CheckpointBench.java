package ai.tracto.tractorun.bench;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark 4: a file saved as a checkpoint through the toolbox's {@code CheckpointManager} into
 * the embedded cluster and loaded back to a file, against {@code Files.copy} of the same file on
 * the same disk. The client side runs in a child JVM with {@value #HEAP} of heap, whose peak heap
 * use is reported; the cluster runs in this JVM.
 *
 * <p>A saved checkpoint is synced to disk before it counts as saved; the plain copy is not. So the
 * child also times two durable copies: the copy followed by a sync of the new file ("copy +
 * fsync") and a copy with direct I/O, past the page cache. The faster of them is what the disk
 * allows a durable write; the save's ratio to it is printed as a reference row, and its ratio to
 * the plain copy is the bound of the save's ratio on this machine, printed beside the verdict when
 * it puts the target out of reach. The save's verdict stays the issue's, against the plain copy.
 */
final class CheckpointBench {
    private static final String HEAP = "-Xmx64m";
    /** What the child always prints. */
    private static final List<String> REQUIRED_FIGURES = List.of("copy", "durable-copy", "save", "load");
    /** What the child prints where the file system has direct I/O. */
    private static final String DIRECT_COPY = "direct-copy";

    private final Path work;
    private final int runs;
    private final long size;

    CheckpointBench(Path work, int runs, long size) {
        this.work = work;
        this.runs = runs;
        this.size = size;
    }

    List<BenchRow> run() throws Exception {
        Path source = work.resolve("checkpoint-source.bin");
        writeSource(source);
        Samples copy = new Samples();
        Samples durableCopy = new Samples();
        Samples directCopy = new Samples();
        Samples save = new Samples();
        Samples load = new Samples();
        Samples heap = new Samples();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(work.resolve("checkpoint-cluster"), 0))) {
            for (int i = 0; i <= runs; i++) {
                System.err.println("bench: checkpoint: " + (i == 0 ? "warm-up" : "run " + i + "/" + runs));
                Map<String, double[]> figures = child(cluster, i);
                if (i == 0) {
                    continue;
                }
                double mib = size / (1024.0 * 1024.0);
                copy.add(mib / figures.get("copy")[0]);
                durableCopy.add(mib / figures.get("durable-copy")[0]);
                if (figures.containsKey(DIRECT_COPY)) {
                    directCopy.add(mib / figures.get(DIRECT_COPY)[0]);
                }
                save.add(mib / figures.get("save")[0]);
                load.add(mib / figures.get("load")[0]);
                heap.add(Math.max(figures.get("save")[1], figures.get("load")[1]) / (1024.0 * 1024.0));
            }
        } finally {
            Files.deleteIfExists(source);
        }
        String sizeText = size >= 1L << 30 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
        double saveRatio = save.median() / copy.median();
        double loadRatio = load.median() / copy.median();
        boolean direct = !directCopy.isEmpty() && directCopy.median() > durableCopy.median();
        String durableName = direct ? "direct-I/O copy" : "copy + fsync";
        double durable = direct ? directCopy.median() : durableCopy.median();
        double durableSaveRatio = save.median() / durable;
        // A save counts once its bytes are on the disk: none can be faster than the disk's fastest durable copy.
        double bound = durable / copy.median();
        List<String> notes = new ArrayList<>();
        notes.add("checkpoint of " + sizeText + ": copy " + copy.describe("MiB/s") + ", copy + fsync "
                + durableCopy.describe("MiB/s")
                + (directCopy.isEmpty() ? " (no direct I/O here)" : ", direct-I/O copy " + directCopy.describe("MiB/s"))
                + ", save " + save.describe("MiB/s") + ", load " + load.describe("MiB/s")
                + "; peak heap of the saving/loading JVM (" + HEAP + ") " + heap.describe("MiB"));
        notes.add("bound of the save on this disk: its fastest durable copy (" + durableName + ") runs at "
                + Samples.fmt(bound) + " of the plain copy; a save is synced before it counts, so "
                + (bound < 0.5 ? "no save can reach 0.5 of the plain copy here" : "0.5 is within the disk's reach"));
        return List.of(
                new BenchRow("4. checkpoint save " + sizeText, Samples.fmt(save.median()) + " MiB/s",
                        "copy " + Samples.fmt(copy.median()) + " MiB/s", Samples.fmt(saveRatio), ">= 0.5",
                        saveVerdict(saveRatio, bound), notes),
                new BenchRow("   checkpoint save vs " + durableName + " " + sizeText + " (reference)",
                        Samples.fmt(save.median()) + " MiB/s",
                        durableName + " " + Samples.fmt(durable) + " MiB/s", Samples.fmt(durableSaveRatio),
                        "none (reference)", "-", List.of()),
                new BenchRow("   checkpoint load " + sizeText, Samples.fmt(load.median()) + " MiB/s",
                        "copy " + Samples.fmt(copy.median()) + " MiB/s", Samples.fmt(loadRatio), ">= 0.5",
                        BenchRow.verdict(loadRatio >= 0.5), List.of()),
                new BenchRow("   checkpoint peak heap (" + HEAP + ")", Samples.fmt(heap.median()) + " MiB", "-", "-",
                        "independent of size", "see note", List.of()));
    }

    /** The save's verdict against the plain copy, saying so when the disk itself puts the target out of reach. */
    private static String saveVerdict(double saveRatio, double bound) {
        if (saveRatio >= 0.5) {
            return BenchRow.verdict(true);
        }
        return bound < 0.5 ? BenchRow.verdict(false) + " (bound " + Samples.fmt(bound) + ", see note)"
                : BenchRow.verdict(false);
    }

    private void writeSource(Path source) throws Exception {
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (long written = 0; written < size; written += block.length) {
                block[0]++;
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    /** This JVM's class path with every entry absolute: the child runs in another directory. */
    private static String absoluteClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private Map<String, double[]> child(LocalCluster cluster, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Processes.Result result = Processes.run(List.of(java, HEAP, "-cp", absoluteClasspath(),
                        CheckpointBenchChild.class.getName(), cluster.proxyUrl().toString(), "//tmp/bench/checkpoints/" + run,
                        work.resolve("checkpoint-source.bin").toString(), work.resolve("checkpoint-scratch.bin").toString()),
                Map.of(), work, 1800);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("checkpoint child failed:\n" + result.output());
        }
        Map<String, double[]> figures = new java.util.HashMap<>();
        for (Processes.Line line : result.lines()) {
            String[] parts = line.text().split(" ");
            if (parts.length == 3 && (REQUIRED_FIGURES.contains(parts[0]) || parts[0].equals(DIRECT_COPY))) {
                figures.put(parts[0], new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])});
            }
        }
        if (!figures.keySet().containsAll(REQUIRED_FIGURES)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "unexpected child output:%n%s", result.output()));
        }
        return figures;
    }
}
