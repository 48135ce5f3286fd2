package ai.tracto.tractorun.job.supervise;

import ai.tracto.tractorun.job.log.LinePump;
import java.time.Duration;
import java.util.Objects;

/**
 * @param gracePeriod between SIGTERM and SIGKILL when the node stops
 * @param restartBackoff delays between sidecar restarts
 * @param maxLineBytes longer output lines are split into pieces of this size
 */
public record SupervisorOptions(Duration gracePeriod, RestartBackoff restartBackoff, int maxLineBytes) {
    public SupervisorOptions {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(restartBackoff, "restartBackoff");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("grace period must not be negative, got " + gracePeriod);
        }
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must be at least 4, got " + maxLineBytes);
        }
    }

    /** 10 s grace, the default back-off, 64 KiB line pieces. */
    public static SupervisorOptions defaults() {
        return new SupervisorOptions(Duration.ofSeconds(10), RestartBackoff.defaults(),
                LinePump.DEFAULT_MAX_LINE_BYTES);
    }

    public SupervisorOptions withGracePeriod(Duration grace) {
        return new SupervisorOptions(grace, restartBackoff, maxLineBytes);
    }

    public SupervisorOptions withRestartBackoff(RestartBackoff backoff) {
        return new SupervisorOptions(gracePeriod, backoff, maxLineBytes);
    }

    public SupervisorOptions withMaxLineBytes(int bytes) {
        return new SupervisorOptions(gracePeriod, restartBackoff, bytes);
    }
}
