package ai.tracto.tractorun.cli;

/** The process exit codes of every tractorun command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The job failed, or something unexpected went wrong. */
    public static final int FAILURE = 1;
    /** Bad flags or configuration: nothing was started. */
    public static final int USAGE = 2;
    /** Ctrl-C: 128 + SIGINT, as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
