package ai.tracto.tractorun.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child processes for the benchmarks: run with a bounded wait, never left behind. */
final class Processes {
    private Processes() {
    }

    /** One output line and when it arrived (nanoTime). */
    record Line(long nanos, String text) {
    }

    /** The exit code, every output line (stdout and stderr merged) with its arrival time, start and end. */
    record Result(int exitCode, List<Line> lines, long startNanos, long endNanos) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        String output() {
            StringBuilder text = new StringBuilder();
            lines.forEach(l -> text.append(l.text()).append('\n'));
            return text.toString();
        }

        /** Seconds from the start to the first line containing {@code marker}, or NaN. */
        double secondsTo(String marker) {
            for (Line line : lines) {
                if (line.text().contains(marker)) {
                    return (line.nanos() - startNanos) / 1e9;
                }
            }
            return Double.NaN;
        }
    }

    static Result run(List<String> command, Map<String, String> extraEnv, Path directory, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        long start = System.nanoTime();
        Process process = builder.start();
        List<Line> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(new Line(System.nanoTime(), line));
                    }
                }
            } catch (IOException ignored) {
                // The process is gone; what was read is what there is.
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            destroyTree(process.toHandle());
            reader.join(5000);
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command + "\n" + lines);
        }
        long end = System.nanoTime();
        reader.join(5000);
        synchronized (lines) {
            return new Result(process.exitValue(), List.copyOf(lines), start, end);
        }
    }

    static void destroyTree(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    /** Processes whose command line contains {@code marker} (other than this JVM). */
    static List<ProcessHandle> withMarker(String marker) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .toList();
    }
}
