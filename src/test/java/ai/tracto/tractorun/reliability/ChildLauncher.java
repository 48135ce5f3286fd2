package ai.tracto.tractorun.reliability;

import ai.tracto.tractorun.testsupport.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code tractorun} as its own JVM ({@code java -cp <test classpath> ...TractorunMain}), as a user
 * runs it: a process that can be killed, with stdout and stderr in files that can be searched.
 * Its home is a fresh directory and its launcher cache the one the end-to-end tests share under
 * {@code target/}, so the jobs' Java runtime is built once per build.
 */
final class ChildLauncher {
    static final Path CACHE = Path.of("target", "test-launcher-cache").toAbsolutePath();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    final Process process;
    final Path stdout;
    final Path stderr;

    private ChildLauncher(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code tractorun args...} with {@code env} on top of a clean environment (PATH only). */
    static ChildLauncher start(Path home, Path logs, Map<String, String> env, List<String> args) throws IOException {
        Files.createDirectories(logs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "ai.tracto.tractorun.cli.TractorunMain"));
        command.addAll(args);
        Path out = Files.createTempFile(logs, "launcher-", ".out");
        Path err = Files.createTempFile(logs, "launcher-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", home.toString());
        environment.put("TRACTORUN_CACHE_DIR", CACHE.toString());
        environment.putAll(env);
        return new ChildLauncher(builder.start(), out, err);
    }

    /** Runs to the end (bounded: a hung launcher is killed and fails the test) and returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("tractorun did not finish within " + RUN_LIMIT + "; stderr:\n" + err());
        }
        return process.exitValue();
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    /** SIGKILL, no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + file + ": " + e.getMessage() + ">";
        }
    }

    /** Waits (generously, only so that a broken run cannot hang the build) for {@code condition}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Processes.await(what, Duration.ofSeconds(120), condition);
    }

    /** Processes whose command line contains {@code marker}, other than this JVM. */
    static List<String> processesWith(String marker) {
        return Processes.withCommandLine(marker);
    }

    /** Kills what is left of a test's processes, so that a failed test does not leak them. */
    static void killAll(String marker) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
