package ai.tracto.tractorun.toolbox;

import java.util.List;

/**
 * The worker command of a Java function run. The bootstrap's toolbox service tells every worker
 * which Java runtime runs the bootstrap ({@link #JAVA_VARIABLE}) and with which classpath
 * ({@link #CLASSPATH_VARIABLE}, the jars the launcher shipped: tractorun and the caller's
 * classpath), so the worker JVM is the same runtime with the same classes, wherever the image
 * keeps (or lacks) its own Java.
 */
public final class JavaWorkerCommand {
    /** The {@code java} binary of the bootstrap's runtime. */
    public static final String JAVA_VARIABLE = "TRACTORUN_JAVA";
    /** The bootstrap's classpath, made absolute. */
    public static final String CLASSPATH_VARIABLE = "TRACTORUN_CLASSPATH";
    /** Extra JVM options for the workers, split on whitespace (for example {@code -Xmx8g}). */
    public static final String JAVA_OPTIONS_VARIABLE = "TRACTORUN_WORKER_JAVA_OPTIONS";
    /** The sandbox name of the serialized function. */
    public static final String FUNCTION_FILE = "tractorun_function.bin";

    private JavaWorkerCommand() {
    }

    /** {@code sh -c 'exec "$TRACTORUN_JAVA" ... JavaWorkerMain tractorun_function.bin'}. */
    public static List<String> command() {
        return List.of("sh", "-c", "exec \"$" + JAVA_VARIABLE + "\" $" + JAVA_OPTIONS_VARIABLE + " -cp \"$"
                + CLASSPATH_VARIABLE + "\" " + JavaWorkerMain.class.getName() + " " + FUNCTION_FILE);
    }
}
