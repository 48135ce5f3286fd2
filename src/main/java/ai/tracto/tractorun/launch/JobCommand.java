package ai.tracto.tractorun.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shell command of every job: a POSIX prelude that picks a Java 17+ runtime (the image's, or
 * the one the launcher shipped), then {@code exec java <options> -cp <shipped jars> BootstrapMain bootstrap.json}.
 * The job image needs nothing of tractorun's.
 *
 * <p>The bootstrap's configuration usually travels in the spec, in the job's environment variable
 * {@value #CONFIG_VARIABLE}: the prelude writes it to {@value #BOOTSTRAP_FILE} and takes it out of
 * the environment, so neither the bootstrap's JVM nor the workers inherit it. A configuration
 * larger than {@value #MAX_INLINE_CONFIG_BYTES} bytes (a large user config) is shipped as that file
 * instead, as one environment entry may hold at most 128 KiB on Linux.
 */
public final class JobCommand {
    public static final String BOOTSTRAP_MAIN = "ai.tracto.tractorun.job.BootstrapMain";
    public static final String BOOTSTRAP_FILE = "bootstrap.json";
    /** The job's environment variable that carries the content of {@value #BOOTSTRAP_FILE} when it is small. */
    public static final String CONFIG_VARIABLE = "TRACTORUN_BOOTSTRAP_CONFIG";
    /**
     * The largest configuration carried in {@value #CONFIG_VARIABLE}, in bytes of its JSON (written
     * in ASCII); a larger one is shipped as a file.
     */
    public static final int MAX_INLINE_CONFIG_BYTES = 64 * 1024;
    /**
     * The bootstrap supervises: it must start fast and stay light beside the workers it runs.
     * The client compiler alone reaches its steady state within the first second; C2's compiler
     * threads would take CPU from the workers while they start, for code that never becomes hot.
     * One compiler thread: a second one mostly competes with the launcher and the workers for
     * the same cores at start-up.
     * The collector stays the default, G1: only under G1 does the JVM map the heap objects of the
     * runtime's class data archive (its module graph among them), which starts the JVM sooner.
     * No perf data file: nothing reads it, and making it costs every start a few milliseconds.
     */
    static final String BOOTSTRAP_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData";
    private static final String PRELUDE_RESOURCE = "job-prelude.sh";

    private JobCommand() {}

    /** A sandbox file the prelude moves to {@code destination} (relative to the job's directory, or absolute). */
    public record Move(String sandboxName, String destination) {
        public Move {
            requireSafeName(sandboxName);
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * @param classpath      sandbox file names of the jars, in classpath order
     * @param runtimeArchive sandbox file name of the shipped runtime, when one is shipped
     */
    public static String render(List<String> classpath, Optional<String> runtimeArchive) {
        return render(classpath, runtimeArchive, List.of(), Optional.empty());
    }

    /**
     * @param classpath      sandbox file names of the jars, in classpath order
     * @param runtimeArchive sandbox file name of the shipped runtime, when one is shipped
     * @param moves          files to put at nested or absolute paths before the bootstrap starts
     * @param launcherJava   the launcher's own {@code java}, tried first: only for jobs on the launcher's host
     */
    public static String render(List<String> classpath, Optional<String> runtimeArchive, List<Move> moves,
                                Optional<String> launcherJava) {
        return render(classpath, runtimeArchive, moves, launcherJava, "");
    }

    /**
     * As {@link #render(List, Optional, List, Optional)}, with {@code extraJvmOptions} (shell
     * words, quoted where needed) added to the bootstrap's JVM options.
     */
    static String render(List<String> classpath, Optional<String> runtimeArchive, List<Move> moves,
                         Optional<String> launcherJava, String extraJvmOptions) {
        Objects.requireNonNull(classpath, "classpath");
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("classpath must not be empty");
        }
        for (String name : classpath) {
            requireSafeName(name);
        }
        runtimeArchive.ifPresent(JobCommand::requireSafeName);
        StringBuilder script = new StringBuilder(prelude()
                .replace("@RUNTIME_ARCHIVE@", runtimeArchive.orElse(""))
                .replace("@LAUNCHER_JAVA@", quote(launcherJava.orElse(""))));
        for (Move move : moves) {
            String target = quote(move.destination());
            script.append("mkdir -p \"$(dirname ").append(target).append(")\" && mv -f '").append(move.sandboxName())
                    .append("' ").append(target).append(" || exit 1\n");
        }
        String options = extraJvmOptions.isBlank() ? BOOTSTRAP_JVM_OPTIONS
                : BOOTSTRAP_JVM_OPTIONS + " " + extraJvmOptions;
        // $tractorun_locale unquoted: nothing, or the words that start java under C.UTF-8 (see the prelude).
        return script + "exec $tractorun_locale \"$tractorun_java\" " + options + " -cp '"
                + String.join(":", classpath) + "' " + BOOTSTRAP_MAIN + " " + BOOTSTRAP_FILE + "\n";
    }

    /** Single-quotes {@code text} for a POSIX shell. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Sandbox names go into single quotes in the script: keep them to characters that cannot break out. */
    private static void requireSafeName(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("sandbox file name '" + name + "' must match [A-Za-z0-9._-]+");
        }
    }

    private static String prelude() {
        try (InputStream in = JobCommand.class.getResourceAsStream(PRELUDE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + PRELUDE_RESOURCE + " is missing from the tractorun jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + PRELUDE_RESOURCE, e);
        }
    }
}
