package ai.tracto.tractorun.job;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * @param barrierTimeout how long a node waits at the barrier for the others (and a peer for its
 *     primary to start the incarnation, as long as no other operation holds the primary lock)
 * @param transactionTimeout of the primary's incarnation transaction: if the primary dies
 *     without a trace, the primary lock is free again after this long
 * @param firstPoll the first pause between polls; it doubles up to {@code maxPoll}
 * @param progress receives the few lines worth showing in the job's stderr (waiting for a lock)
 */
public record RendezvousOptions(Duration barrierTimeout, Duration transactionTimeout, Duration firstPoll,
                                Duration maxPoll, Consumer<String> progress) {
    public RendezvousOptions {
        Objects.requireNonNull(barrierTimeout, "barrierTimeout");
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(firstPoll, "firstPoll");
        Objects.requireNonNull(maxPoll, "maxPoll");
        Objects.requireNonNull(progress, "progress");
        if (barrierTimeout.isNegative() || barrierTimeout.isZero()) {
            throw new IllegalArgumentException("barrier timeout must be positive, got " + barrierTimeout);
        }
        new PollBackoff(firstPoll, maxPoll);
    }

    /** 30 s transactions, polls from 20 ms doubling to 1 s. */
    public static RendezvousOptions of(Duration barrierTimeout, Consumer<String> progress) {
        return new RendezvousOptions(barrierTimeout, Duration.ofSeconds(30), Duration.ofMillis(20),
                Duration.ofSeconds(1), progress);
    }

    public PollBackoff newBackoff() {
        return new PollBackoff(firstPoll, maxPoll);
    }
}
