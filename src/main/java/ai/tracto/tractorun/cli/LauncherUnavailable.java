package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.launch.RunExecutor;

import java.io.PrintWriter;

/**
 * The executor of a build that has no launcher module: says so in one line and fails, so a real
 * run is never mistaken for a successful one. {@code --dry-run} works without it.
 */
final class LauncherUnavailable implements RunExecutor {
    private final PrintWriter err;

    LauncherUnavailable(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int run(RunConfig config) {
        err.println("tractorun: this build has no launcher module, so it can only validate options;"
                + " use --dry-run to see the operation it would submit");
        err.flush();
        return ExitCodes.FAILURE;
    }
}
