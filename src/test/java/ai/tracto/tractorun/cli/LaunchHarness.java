package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.testsupport.Processes;
import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.launch.Launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code tractorun} in-process through its picocli command, as {@code bin/tractorun} does,
 * with an injected environment: the embedded cluster's root, a launcher cache kept under
 * {@code target/} (so the jlink-built runtime is made once per build, not once per test) and an
 * empty home (no {@code ~/.yt} of whoever runs the tests).
 */
final class LaunchHarness {
    /** Shared by every end-to-end test run: the Java runtime archive is built here once. */
    static final Path CACHE = Path.of("target", "test-launcher-cache").toAbsolutePath();
    private static final Pattern OPERATION_ID = Pattern.compile("started operation (\\S+)");

    final Map<String, String> env = new HashMap<>();
    final Path home;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Launcher launcher;

    LaunchHarness(Path localRoot, Path home) {
        this(localRoot, home, CACHE);
    }

    LaunchHarness(Path localRoot, Path home, Path cache) {
        this.home = home;
        env.put(LaunchEnvironment.LOCAL_ROOT_VARIABLE, localRoot.toString());
        env.put(LaunchEnvironment.CACHE_DIR_VARIABLE, cache.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        launcher = new Launcher(new LaunchEnvironment(env, home, workingDirectory(), new PrintWriter(out, true),
                new PrintWriter(err, true), false));
    }

    static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    int tractorun(String... args) {
        TractorunCommand command = new TractorunCommand(env, workingDirectory(), UUID::randomUUID, launcher);
        return TractorunCommand.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    int tractorun(List<String> args) {
        return tractorun(args.toArray(String[]::new));
    }

    String operationId() {
        Matcher m = OPERATION_ID.matcher(err.toString());
        if (!m.find()) {
            throw new AssertionError("no operation was started; stderr:\n" + err);
        }
        return m.group(1);
    }

    /** Waits (generously, only to avoid hanging) for {@code condition}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Processes.await(what, Duration.ofSeconds(60), condition);
    }

    /** Processes of this user whose command line contains {@code marker}: none may outlive a run. */
    static List<String> processesWith(String marker) {
        return Processes.withCommandLine(marker);
    }
}
