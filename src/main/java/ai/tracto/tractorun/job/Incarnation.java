package ai.tracto.tractorun.job;

import ai.tracto.tractorun.yt.Transaction;
import java.util.Objects;
import java.util.Optional;

/**
 * This node's membership in one incarnation, the result of {@link Rendezvous#join}. On the
 * primary it holds the incarnation transaction, and with it the primary lock: closing it (when
 * the node is done) aborts the transaction, so the next operation on the training directory
 * can start its incarnation.
 *
 * @param topology every node of the gang, on the primary only: a peer never reads it, so what
 *     a peer transfers does not grow with the gang
 * @param requests how many requests this node sent to the cluster during the rendezvous
 *     (background pings of the transaction not counted)
 */
public record Incarnation(long id, NodeTopology node, Optional<GangTopology> topology, long requests,
                          Optional<Transaction> transaction) implements AutoCloseable {
    public Incarnation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(transaction, "transaction");
    }

    public boolean isPrimary() {
        return node.isPrimary();
    }

    /** Ends the incarnation transaction (primary only); it releases the primary lock. */
    @Override
    public void close() {
        transaction.ifPresent(Transaction::close);
    }
}
