package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.launch.RunExecutor;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.UUID;

/** Entry point of {@code bin/tractorun}. */
public final class TractorunMain {
    private TractorunMain() {}

    public static void main(String[] args) {
        System.exit(run(args, launcher()));
    }

    /** The process's own environment, working directory and streams; only {@code main} reads globals. */
    static int run(String[] args, RunExecutor executor) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        TractorunCommand command = new TractorunCommand(System.getenv(), Path.of("").toAbsolutePath(),
                UUID::randomUUID, executor);
        return TractorunCommand.commandLine(command, out, err).execute(args);
    }

    /** What runs a configuration for real. */
    static RunExecutor launcher() {
        return new LauncherUnavailable(new PrintWriter(System.err, true, Charset.defaultCharset()));
    }
}
