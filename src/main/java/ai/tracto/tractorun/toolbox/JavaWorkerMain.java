package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.Toolbox;
import ai.tracto.tractorun.TrainFunction;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The main class of every worker of a Java function run:
 * {@code java -cp <tractorun.jar>:<user classpath> ai.tracto.tractorun.toolbox.JavaWorkerMain <function file>}.
 * It reads the serialized {@link TrainFunction}, calls it with the worker's {@link Toolbox},
 * waits for checkpoint saves still in flight, and exits 0; a function that throws is printed
 * and the worker exits 1, which fails the node; a missing or unreadable function file exits 2.
 */
public final class JavaWorkerMain {
    static final int OK = 0;
    static final int FUNCTION_FAILED = 1;
    static final int USAGE = 2;

    private JavaWorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: JavaWorkerMain <serialized train function file>");
            return USAGE;
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            err.println("train function file " + file + " does not exist");
            return USAGE;
        }
        TrainFunction function;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            function = FunctionPackager.read(file, loader == null ? ClassLoader.getSystemClassLoader() : loader);
        } catch (RuntimeException e) {
            err.println("cannot load the train function: " + e.getMessage());
            return USAGE;
        }
        Toolbox toolbox;
        try {
            toolbox = Toolbox.fromEnvironment(env);
        } catch (RuntimeException e) {
            err.println("cannot prepare the toolbox: " + e.getMessage());
            return FUNCTION_FAILED;
        }
        try (toolbox) {
            function.train(toolbox);
            return OK;
        } catch (Throwable e) {
            err.println("the train function failed:");
            e.printStackTrace(err);
            err.flush();
            return FUNCTION_FAILED;
        }
    }
}
