package ai.tracto.tractorun.localcluster;

/** YTsaurus error codes the embedded cluster uses (values from the YTsaurus sources). */
public final class ErrorCodes {
    private ErrorCodes() {}

    public static final int GENERIC = 1;
    public static final int TIMEOUT = 3;
    public static final int NO_SUCH_OPERATION = 200;
    public static final int NO_SUCH_JOB = 203;
    public static final int FAILED_ON_JOB_RESTART = 210;
    public static final int MAX_FAILED_JOBS_LIMIT_EXCEEDED = 215;
    public static final int SAME_TRANSACTION_LOCK_CONFLICT = 400;
    public static final int DESCENDANT_TRANSACTION_LOCK_CONFLICT = 401;
    public static final int CONCURRENT_TRANSACTION_LOCK_CONFLICT = 402;
    public static final int PENDING_LOCK_CONFLICT = 403;
    public static final int RESOLVE_ERROR = 500;
    public static final int ALREADY_EXISTS = 501;
    public static final int AUTHORIZATION_ERROR = 901;
    public static final int PREREQUISITE_CHECK_FAILED = 1000;
    public static final int USER_JOB_FAILED = 1205;
    public static final int PROCESS_NON_ZERO_EXIT = 10000;
    public static final int PROCESS_KILLED_BY_SIGNAL = 10001;
    public static final int NO_SUCH_TRANSACTION = 11000;
}
