package ai.tracto.tractorun.launch;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a launch reads from and writes to the outside world, passed in whole so that nothing in
 * the launcher reads globals: the environment variables, the user's home, where messages go and
 * whether they go to a terminal (live progress line) or to a file or pipe (plain log lines).
 *
 * @param env      environment variables ({@code YT_PROXY}, {@code YT_TOKEN}, {@code TRACTORUN_LOCAL_ROOT}, ...)
 * @param home     the user's home directory: {@code ~/.yt}, default local-cluster root and caches
 * @param workingDirectory what relative local paths (bind sources) are relative to
 * @param out      machine-readable results ({@code --no-wait} run report)
 * @param err      everything meant for a person: progress, warnings, summaries, proxied stderr
 * @param terminal whether {@code err} is a terminal, so a carriage-return progress line makes sense
 */
public record LaunchEnvironment(Map<String, String> env, Path home, Path workingDirectory, PrintWriter out,
                                PrintWriter err, boolean terminal) {
    /** Overrides the root directory of the embedded cluster used by {@code --local}. */
    public static final String LOCAL_ROOT_VARIABLE = "TRACTORUN_LOCAL_ROOT";
    /** Overrides where launcher-side caches (the jlink-built Java runtime) are kept. */
    public static final String CACHE_DIR_VARIABLE = "TRACTORUN_CACHE_DIR";
    /** {@code 1} turns class data sharing off: for the launcher (in the {@code bin/} scripts) and local jobs. */
    public static final String NO_CDS_VARIABLE = "TRACTORUN_NO_CDS";

    public LaunchEnvironment {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(home, "home");
        workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory").toAbsolutePath();
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** This process's environment and home, writing to the given streams. */
    public static LaunchEnvironment system(PrintWriter out, PrintWriter err) {
        return new LaunchEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath(), out, err, System.console() != null);
    }

    /** This process's environment, home and standard streams. */
    public static LaunchEnvironment system() {
        return system(new PrintWriter(System.out, true, Charset.defaultCharset()),
                new PrintWriter(System.err, true, Charset.defaultCharset()));
    }

    public Optional<String> variable(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Whether local jobs may record and map a class data archive ({@value #NO_CDS_VARIABLE} is not {@code 1}). */
    public boolean classDataSharing() {
        return !variable(NO_CDS_VARIABLE).map(String::strip).equals(Optional.of("1"));
    }

    /**
     * The embedded cluster's persistent root: {@value #LOCAL_ROOT_VARIABLE}, else
     * {@code $XDG_DATA_HOME/tractorun/local-cluster}, else {@code ~/.local/share/tractorun/local-cluster}.
     */
    public Path localClusterRoot() {
        return variable(LOCAL_ROOT_VARIABLE).map(Path::of)
                .orElseGet(() -> variable("XDG_DATA_HOME").map(Path::of)
                        .orElseGet(() -> home.resolve(".local").resolve("share"))
                        .resolve("tractorun").resolve("local-cluster"))
                .toAbsolutePath();
    }

    /**
     * Launcher-side caches: {@value #CACHE_DIR_VARIABLE}, else {@code $XDG_CACHE_HOME/tractorun},
     * else {@code ~/.cache/tractorun}.
     */
    public Path cacheDirectory() {
        return variable(CACHE_DIR_VARIABLE).map(Path::of)
                .orElseGet(() -> variable("XDG_CACHE_HOME").map(Path::of)
                        .orElseGet(() -> home.resolve(".cache"))
                        .resolve("tractorun"))
                .toAbsolutePath();
    }

    /** Prints one line for a person and flushes, so it shows before a long wait. */
    void say(String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
