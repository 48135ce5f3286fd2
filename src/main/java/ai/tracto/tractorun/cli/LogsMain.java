package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.launch.LaunchEnvironment;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;

/** Entry point of {@code bin/tractorun-logs}. */
public final class LogsMain {
    private LogsMain() {}

    public static void main(String[] args) {
        Logging.configure(System.getenv());
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "tractorun-logs-stop"));
        LogsCommand command = new LogsCommand(LaunchEnvironment.system(out, err), stopped);
        System.exit(LogsCommand.commandLine(command, out, err).execute(args));
    }
}
