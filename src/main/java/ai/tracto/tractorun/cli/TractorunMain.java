package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.launch.Launcher;
import ai.tracto.tractorun.launch.RunExecutor;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Entry point of {@code bin/tractorun}. */
public final class TractorunMain {
    /** How long Ctrl-C waits for the operation and its transaction to be aborted before the JVM exits. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(20);

    private TractorunMain() {}

    public static void main(String[] args) {
        Logging.configure(System.getenv());
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        // The launcher (Jackson's start-up among its classes) is made on a second thread while the
        // arguments are read on this one: the two are independent, and a JVM starts single-threaded.
        CompletableFuture<Launcher> launcher = CompletableFuture.supplyAsync(
                () -> new Launcher(LaunchEnvironment.system(out, err)),
                task -> startDaemon("tractorun-launcher-start", task));
        // So is the id of the default training directory: the first random UUID seeds SecureRandom (15 ms).
        CompletableFuture<UUID> launchId = CompletableFuture.supplyAsync(UUID::randomUUID,
                task -> startDaemon("tractorun-launch-id", task));
        // Ctrl-C: the JVM runs this hook and then exits with 130; the hook aborts the operation first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                launcher.join().abort(ABORT_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (CompletionException e) {
                // No launcher was made, so nothing was launched.
            }
        }, "tractorun-abort-on-exit"));
        int code = run(args, launchId::join, config -> launcher.join().run(config), out, err);
        if (launcher.isDone() && !launcher.isCompletedExceptionally()) {
            launcher.join().closeKeptCluster();
        }
        System.exit(code);
    }

    /** The process's own environment, working directory and streams; only {@code main} reads globals. */
    private static int run(String[] args, Supplier<UUID> ids, RunExecutor executor, PrintWriter out,
                           PrintWriter err) {
        TractorunCommand command = new TractorunCommand(System.getenv(), Path.of("").toAbsolutePath(), ids,
                executor);
        return TractorunCommand.commandLine(command, out, err).execute(args);
    }

    private static void startDaemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
