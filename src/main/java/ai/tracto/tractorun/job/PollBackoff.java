package ai.tracto.tractorun.job;

import java.time.Duration;
import java.util.Objects;

/**
 * Pauses between polls of Cypress: {@code initial}, doubling up to {@code max}. A barrier that
 * is released quickly costs a few requests; a long wait costs one request per {@code max}.
 */
public final class PollBackoff {
    private final Duration max;
    private Duration next;

    public PollBackoff(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("poll pauses must satisfy 0 < initial <= max, got " + initial
                    + " and " + max);
        }
        this.max = max;
        this.next = initial;
    }

    /** The pause to take now; the following one is twice as long, up to the maximum. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** Sleeps {@link #next()}, but never past {@code deadlineNanos} ({@link System#nanoTime()} based). */
    public void pause(long deadlineNanos) throws InterruptedException {
        long pauseNanos = Math.min(next().toNanos(), Math.max(0, deadlineNanos - System.nanoTime()));
        if (pauseNanos > 0) {
            Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
        }
    }
}
