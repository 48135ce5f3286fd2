package ai.tracto.tractorun.yt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master transaction; close() aborts it unless it was committed, so try-with-resources reads
 * naturally. While open it is pinged every timeout/3 on the client's pinger thread. When a ping
 * finds the transaction gone (11000), pinging stops, {@link #isAlive()} turns false and
 * {@link #commit()} fails with that error.
 */
public final class Transaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

    private enum State { OPEN, COMMITTED, ABORTED, LOST }

    private final String id;
    private final YtClient starter;
    private final YtClient pinger;
    private final YtClient client;
    private ScheduledFuture<?> pinging;
    private State state = State.OPEN;
    private YtException pingFailure;
    private final CompletableFuture<YtException> lost = new CompletableFuture<>();

    /** Pings on {@code scheduler} every timeout/3 through {@code pinger}, unless the scheduler is null. */
    Transaction(String id, YtClient starter, YtClient pinger, Duration timeout, ScheduledExecutorService scheduler) {
        this.id = id;
        this.starter = starter;
        this.pinger = pinger;
        this.client = starter.withTransaction(id);
        if (scheduler != null) {
            long period = Math.max(1, timeout.toMillis() / 3);
            this.pinging = scheduler.scheduleWithFixedDelay(this::pingQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    public String id() {
        return id;
    }

    /** A view of the client whose transactional commands run in this transaction. */
    public YtClient client() {
        return client;
    }

    /** False once committed, aborted, or found expired by a ping. */
    public synchronized boolean isAlive() {
        return state == State.OPEN;
    }

    /** The ping error that found the transaction gone, if one did. */
    public synchronized Optional<YtException> pingFailure() {
        return Optional.ofNullable(pingFailure);
    }

    /**
     * Completes, on the pinger's thread, with the ping error once a ping finds the transaction
     * gone (expired or aborted by someone else); never completes otherwise. Cancelling the
     * returned future only stops the caller's own follow-ups.
     */
    public CompletableFuture<YtException> whenLost() {
        return lost.copy();
    }

    public void commit() {
        synchronized (this) {
            if (state == State.LOST) {
                throw new YtException(pingFailure.code(), "transaction " + id + " cannot be committed: it expired"
                        + " or was aborted", pingFailure.httpStatus(), null, List.of(pingFailure), pingFailure);
            }
            if (state != State.OPEN) {
                throw new IllegalStateException("transaction " + id + " is already " + state.name().toLowerCase());
            }
            stopPinging();
        }
        starter.commitTransaction(id);
        synchronized (this) {
            state = State.COMMITTED;
        }
    }

    public void abort() {
        synchronized (this) {
            if (state == State.COMMITTED || state == State.ABORTED) {
                return;
            }
            stopPinging();
            state = State.ABORTED;
        }
        starter.abortTransaction(id);
    }

    public void ping() {
        starter.pingTransaction(id);
    }

    /** Aborts unless committed; an abort failure is logged, not thrown, so it never hides the real error. */
    @Override
    public void close() {
        try {
            abort();
        } catch (YtException e) {
            if (!e.isNoSuchTransaction()) {
                LOG.warn("Could not abort transaction {}: {}", id, e.getMessage());
            }
        }
    }

    private void pingQuietly() {
        try {
            pinger.pingTransaction(id);
        } catch (YtException e) {
            if (e.isNoSuchTransaction()) {
                boolean foundLost;
                synchronized (this) {
                    foundLost = state == State.OPEN;
                    if (foundLost) {
                        state = State.LOST;
                        pingFailure = e;
                    }
                    stopPinging();
                }
                if (foundLost) {
                    lost.complete(e);
                }
                LOG.warn("Transaction {} expired or was aborted; stopped pinging it: {}", id, e.getMessage());
            } else {
                LOG.warn("Pinging transaction {} failed, will try again: {}", id, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("Pinging transaction {} failed, will try again: {}", id, e.toString());
        }
    }

    private void stopPinging() {
        if (pinging != null) {
            pinging.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "Transaction{" + id + "}";
    }
}
