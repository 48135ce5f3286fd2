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
 * close to the release. While the count does not grow, the pause is half the time since the last
 * arrival was seen: the pauses grow by half each time, so a node learns of the end of a stall
 * within half the stall's length, and a long stall costs one poll per {@code max}. Every pause
 * is at least {@code floor}: a node among many uses a floor that keeps the whole gang's polls
 * within what one server can take.
 */
public final class BarrierPace {
    private final int nodeCount;
    private final Duration floor;
    private final Duration max;
    private long firstNanos;
    private long lastArrivalNanos;
    private int firstCount = -1;
    private int lastCount = -1;

    public BarrierPace(int nodeCount, Duration floor, Duration max) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("node count must be at least 1, got " + nodeCount);
        }
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(max, "max");
        if (floor.isNegative() || floor.isZero() || max.compareTo(floor) < 0) {
            throw new IllegalArgumentException("poll pauses must satisfy 0 < floor <= max, got " + floor
                    + " and " + max);
        }
        this.nodeCount = nodeCount;
        this.floor = floor;
        this.max = max;
    }

    /**
     * The pause before the next poll, given the count just read at {@code nowNanos}
     * ({@link System#nanoTime()} based).
     */
    public Duration next(int registered, long nowNanos) {
        if (firstCount < 0) {
            firstCount = registered;
            firstNanos = nowNanos;
            lastArrivalNanos = nowNanos;
            lastCount = registered;
            return floor;
        }
        boolean grew = registered > lastCount;
        lastCount = registered;
        if (!grew) {
            return bounded((nowNanos - lastArrivalNanos) / 2);
        }
        lastArrivalNanos = nowNanos;
        double nanosPerNode = (double) (nowNanos - firstNanos) / (registered - firstCount);
        return bounded((long) (nanosPerNode * Math.max(0, nodeCount - registered)));
    }

    private Duration bounded(long nanos) {
        Duration pause = Duration.ofNanos(Math.max(0, nanos));
        if (pause.compareTo(floor) < 0) {
            return floor;
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
