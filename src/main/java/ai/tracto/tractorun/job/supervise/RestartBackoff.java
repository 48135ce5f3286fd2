package ai.tracto.tractorun.job.supervise;

import java.time.Duration;
import java.util.Objects;

/**
 * Delay before restarting a sidecar: {@code initial}, doubling on each quick exit up to
 * {@code max}; back to {@code initial} once a run lasted {@code resetAfter}. This bounds a
 * crash-looping sidecar to about log2(max/initial) + t/max starts in t, instead of a busy loop.
 */
public record RestartBackoff(Duration initial, Duration max, Duration resetAfter) {
    public RestartBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial restart delay must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max restart delay " + max + " is below the initial " + initial);
        }
    }

    /** 0.5 s doubling to 30 s, reset after a minute of uptime. */
    public static RestartBackoff defaults() {
        return new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * The delay before the next start.
     *
     * @param previousDelay the delay used before the run that just ended, or zero for the first restart
     * @param uptime how long that run lasted
     */
    public Duration next(Duration previousDelay, Duration uptime) {
        if (previousDelay.isZero() || uptime.compareTo(resetAfter) >= 0) {
            return initial;
        }
        Duration doubled = previousDelay.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
