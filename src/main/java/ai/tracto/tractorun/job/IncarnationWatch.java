package ai.tracto.tractorun.job;

import ai.tracto.tractorun.yt.Transaction;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the primary's node when its incarnation transaction is lost (a ping found it expired or
 * aborted): the primary lock went with it, so another operation may already be starting the next
 * incarnation in the same training directory, and two gangs must never train there at once.
 * It looks only at the transaction's own state, which the client's pinger keeps current, so it
 * costs no request. Peers have nothing to watch.
 */
final class IncarnationWatch implements AutoCloseable {
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(1);

    private final Optional<ScheduledExecutorService> checker;
    private final AtomicBoolean lost = new AtomicBoolean();

    private IncarnationWatch(Optional<Transaction> transaction, Runnable onLost) {
        this.checker = transaction.map(tx -> {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "tractorun-incarnation-watch");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(() -> {
                if (tx.pingFailure().isPresent() && lost.compareAndSet(false, true)) {
                    onLost.run();
                }
            }, CHECK_PERIOD.toMillis(), CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            return executor;
        });
    }

    /** Watches the incarnation's transaction, if this node holds one; {@code onLost} runs at most once. */
    static IncarnationWatch start(Incarnation incarnation, Runnable onLost) {
        return new IncarnationWatch(incarnation.transaction(), onLost);
    }

    boolean lost() {
        return lost.get();
    }

    @Override
    public void close() {
        checker.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}
