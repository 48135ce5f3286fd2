package ai.tracto.tractorun.bench;

import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.log.StderrLogSink;
import ai.tracto.tractorun.job.supervise.ProcessSpec;
import ai.tracto.tractorun.job.supervise.Supervisor;
import ai.tracto.tractorun.job.supervise.SupervisorOptions;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark 5: 4 workers print numbered lines as fast as they can. Through the bootstrap's
 * {@link Supervisor} and {@link StderrLogSink} (into a {@link PrintStream} on a file, as the job's
 * stderr is) against the same 4 processes appending straight to one file. Every forwarded line
 * is checked: whole, prefixed with its own rank, in order, none missing.
 */
final class LogForwardingBench {
    private static final int WORKERS = 4;
    private static final String PADDING = "x".repeat(80);

    private final Path work;
    private final int runs;
    private final int linesPerWorker;

    LogForwardingBench(Path work, int runs, int linesPerWorker) {
        this.work = work;
        this.runs = runs;
        this.linesPerWorker = linesPerWorker;
    }

    List<BenchRow> run() throws Exception {
        Samples forwarded = new Samples();
        Samples direct = new Samples();
        forwarded();
        direct();
        for (int i = 0; i < runs; i++) {
            System.err.println("bench: log forwarding: run " + (i + 1) + "/" + runs);
            direct.add(direct());
            forwarded.add(forwarded());
        }
        double ratio = forwarded.median() / direct.median();
        return List.of(new BenchRow("5. log forwarding, 4 workers", Samples.fmt(forwarded.median() / 1000) + "k lines/s",
                "file " + Samples.fmt(direct.median() / 1000) + "k lines/s", Samples.fmt(ratio), ">= 0.5, no torn lines",
                BenchRow.verdict(ratio >= 0.5),
                List.of("log forwarding of " + WORKERS + " x " + linesPerWorker + " lines of " + (PADDING.length() + 12)
                        + " B, every forwarded line checked (whole, own rank, in order, none missing): through the"
                        + " supervisor " + forwarded.describe("lines/s") + ", straight to a file "
                        + direct.describe("lines/s"))));
    }

    private List<String> writer(int rank) {
        return List.of("awk", "BEGIN { for (i = 1; i <= " + linesPerWorker + "; i++) printf \"w" + rank
                + " %08d " + PADDING + "\\n\", i }");
    }

    private double forwarded() throws Exception {
        Path out = work.resolve("forwarded.log");
        List<ProcessSpec> workers = new ArrayList<>();
        for (int rank = 0; rank < WORKERS; rank++) {
            workers.add(new ProcessSpec(LogSource.worker(rank), writer(rank), Map.of("PATH", System.getenv("PATH")),
                    work));
        }
        long start;
        long end;
        try (PrintStream stderr = new PrintStream(new BufferedOutputStream(new FileOutputStream(out.toFile())), true,
                StandardCharsets.UTF_8)) {
            start = System.nanoTime();
            try (Supervisor supervisor = Supervisor.start(workers, List.of(), new StderrLogSink(stderr),
                    SupervisorOptions.defaults())) {
                if (supervisor.exitCode().get(10, TimeUnit.MINUTES) != 0) {
                    throw new IllegalStateException("a log writer failed");
                }
            }
            end = System.nanoTime();
        }
        verify(out);
        Files.delete(out);
        return WORKERS * (double) linesPerWorker / ((end - start) / 1e9);
    }

    private double direct() throws Exception {
        Path out = work.resolve("direct.log");
        Files.deleteIfExists(out);
        long start = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        for (int rank = 0; rank < WORKERS; rank++) {
            processes.add(new ProcessBuilder(writer(rank)).directory(work.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start());
        }
        for (Process process : processes) {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                processes.forEach(p -> Processes.destroyTree(p.toHandle()));
                throw new IllegalStateException("a direct log writer failed");
            }
        }
        long end = System.nanoTime();
        Files.delete(out);
        return WORKERS * (double) linesPerWorker / ((end - start) / 1e9);
    }

    private void verify(Path out) throws Exception {
        Pattern shape = Pattern.compile("\\[rank (\\d)] w(\\d) (\\d{8}) " + PADDING);
        int[] next = new int[WORKERS];
        try (BufferedReader in = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                Matcher m = shape.matcher(line);
                if (!m.matches() || !m.group(1).equals(m.group(2))) {
                    throw new IllegalStateException("torn or foreign line " + number + ": " + line);
                }
                int rank = Integer.parseInt(m.group(1));
                int index = Integer.parseInt(m.group(3));
                if (index != next[rank] + 1) {
                    throw new IllegalStateException("rank " + rank + " line " + index + " after " + next[rank]);
                }
                next[rank] = index;
            }
        }
        for (int rank = 0; rank < WORKERS; rank++) {
            if (next[rank] != linesPerWorker) {
                throw new IllegalStateException("rank " + rank + " delivered " + next[rank] + " of " + linesPerWorker);
            }
        }
    }
}
