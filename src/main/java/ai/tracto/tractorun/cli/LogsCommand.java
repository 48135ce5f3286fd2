package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.launch.ClusterConnection;
import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.launch.PeerLogs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tractorun-logs <yt_path> [--incarnation N] [--peer-index K] [--follow] [--local]}. */
@Command(name = "tractorun-logs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Prints one peer's output of a tractorun training directory, like tail (or tail -f with"
                + " --follow): from its log table when the run wrote one (realtime_yt_table), else from the"
                + " job stderr of the incarnation's operation.")
public final class LogsCommand implements Callable<Integer> {
    private final LaunchEnvironment environment;
    private final CountDownLatch stopped;

    @Parameters(index = "0", paramLabel = "YT_PATH", description = "The training directory (//...).")
    private String ytPath;

    @Option(names = "--incarnation", paramLabel = "N", description = "Incarnation number. Default: the latest.")
    private Long incarnation;

    @Option(names = "--peer-index", paramLabel = "K", defaultValue = "0",
            description = "The worker's rank. Default: ${DEFAULT-VALUE}.")
    private int peerIndex;

    @Option(names = "--follow", description = "Keep printing new lines until the operation finishes.")
    private boolean follow;

    @Option(names = "--local", description = "Read from the embedded local cluster (TRACTORUN_LOCAL_ROOT).")
    private boolean local;

    /**
     * @param environment where the cluster settings come from and where lines go ({@code out})
     * @param stopped     counted down to end {@code --follow} early
     */
    public LogsCommand(LaunchEnvironment environment, CountDownLatch stopped) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    public static CommandLine commandLine(LogsCommand command, PrintWriter out, PrintWriter err) {
        return OneLineErrors.install(new CommandLine(command).setOut(out).setErr(err));
    }

    @Override
    public Integer call() throws Exception {
        if (peerIndex < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--peer-index: invalid value '" + peerIndex + "', expected a rank of at least 0");
        }
        try (ClusterConnection connection = ClusterConnection.open(local, environment)) {
            new PeerLogs(connection.client(), environment.out(), stopped).print(ytPath,
                    incarnation == null ? OptionalLong.empty() : OptionalLong.of(incarnation), peerIndex, follow);
        }
        return ExitCodes.OK;
    }
}
