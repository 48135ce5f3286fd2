package ai.tracto.tractorun;

import java.util.Objects;
import java.util.Optional;

/** A run did not succeed: a worker failed, the operation was aborted, or the launch was interrupted. */
public class TractorunRunException extends RuntimeException {
    private final RunInfo runInfo;

    public TractorunRunException(RunInfo runInfo) {
        super("the run in " + runInfo.ytPath() + runInfo.operationId().map(id -> " (operation " + id + ")").orElse("")
                + " failed with exit code " + runInfo.exitCode());
        this.runInfo = Objects.requireNonNull(runInfo, "runInfo");
    }

    public TractorunRunException(String message, Throwable cause) {
        super(message, cause);
        this.runInfo = null;
    }

    /** The failed run, when it got as far as a launch result. */
    public Optional<RunInfo> runInfo() {
        return Optional.ofNullable(runInfo);
    }

    /** The run's exit code; 1 when the launch itself broke. */
    public int exitCode() {
        return runInfo == null ? 1 : runInfo.exitCode();
    }
}
