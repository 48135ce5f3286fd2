package ai.tracto.tractorun.job;

import java.time.Duration;
import java.util.Objects;

/**
 * Paces the polls of a barrier's registration count ({@code nodes/@count}) by forecasting when
 * the last node will arrive, so that a node polls about when the barrier is likely to open
 * rather than on a fixed schedule.
 *
 * <p>While the count grows, the next pause is the time the remaining nodes need at the rate seen
 * since the first poll: a few polls whatever the length of the wait, and the last ones land
 * close to the release. While the count does not grow, the pauses double as in
 * {@link PollBackoff}: a straggler costs one poll per {@code max}. Every pause is at least
 * {@code floor}: a node among many uses a floor that keeps the whole gang's polls within what
 * one server can take.
 */
public final class BarrierPace {
    private final int nodeCount;
    private final Duration floor;
    private final Duration max;
    private PollBackoff stalled;
    private long firstNanos;
    private int firstCount = -1;
    private int lastCount = -1;

    public BarrierPace(int nodeCount, Duration floor, Duration max) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("node count must be at least 1, got " + nodeCount);
        }
        this.nodeCount = nodeCount;
        this.floor = Objects.requireNonNull(floor, "floor");
        this.max = Objects.requireNonNull(max, "max");
        this.stalled = new PollBackoff(floor, max);
    }

    /**
     * The pause before the next poll, given the count just read at {@code nowNanos}
     * ({@link System#nanoTime()} based).
     */
    public Duration next(int registered, long nowNanos) {
        if (firstCount < 0) {
            firstCount = registered;
            firstNanos = nowNanos;
            lastCount = registered;
            return stalled.next();
        }
        boolean grew = registered > lastCount;
        lastCount = registered;
        int arrived = registered - firstCount;
        if (!grew || arrived <= 0) {
            return stalled.next();
        }
        // A stall is measured from the last arrival: the pauses start short again.
        stalled = new PollBackoff(floor, max);
        double nanosPerNode = (double) (nowNanos - firstNanos) / arrived;
        long forecast = (long) (nanosPerNode * Math.max(0, nodeCount - registered));
        Duration pause = Duration.ofNanos(forecast);
        if (pause.compareTo(floor) < 0) {
            return floor;
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
