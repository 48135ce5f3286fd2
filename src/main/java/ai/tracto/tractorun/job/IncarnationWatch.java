package ai.tracto.tractorun.job;

import ai.tracto.tractorun.yt.Transaction;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the primary's node when its incarnation transaction is lost (a ping found it expired or
 * aborted): the primary lock went with it, so another operation may already be starting the next
 * incarnation in the same training directory, and two gangs must never train there at once.
 * It waits on the transaction's own lost event, which the client's pinger fires, so it costs no
 * request and reacts at once. Peers have nothing to watch.
 */
final class IncarnationWatch implements AutoCloseable {
    private final Optional<CompletableFuture<Void>> reaction;
    private final AtomicBoolean lost = new AtomicBoolean();

    private IncarnationWatch(Optional<Transaction> transaction, Runnable onLost) {
        // Stopping the node blocks until its processes are gone: not on the pinger's thread.
        Executor ownThread = runnable -> {
            Thread thread = new Thread(runnable, "tractorun-incarnation-lost");
            thread.setDaemon(true);
            thread.start();
        };
        this.reaction = transaction.map(tx -> tx.whenLost().thenRunAsync(() -> {
            lost.set(true);
            onLost.run();
        }, ownThread));
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
        reaction.ifPresent(future -> future.cancel(false));
    }
}
