package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.Ids;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Transaction lifecycle: start, ping, commit (merging the overlay into the parent), abort, expiry. */
final class Transactions {
    static final long DEFAULT_TIMEOUT_MILLIS = 15_000;

    private final Store store;

    Transactions(Store store) {
        this.store = store;
    }

    Transaction start(Optional<String> parentId, long timeoutMillis, ObjectNode attributes, List<String> prerequisites) {
        Optional<Transaction> parent = parentId.map(store::transaction);
        store.checkPrerequisites(prerequisites);
        if (timeoutMillis <= 0) {
            throw new ServerError(ErrorCodes.GENERIC, "Transaction timeout must be positive, got " + timeoutMillis);
        }
        Transaction tx = new Transaction(Ids.next(), parent, timeoutMillis, Store.now(), attributes, prerequisites);
        parent.ifPresent(p -> p.children.add(tx));
        store.transactions.put(tx.id, tx);
        return tx;
    }

    void ping(String id, boolean pingAncestors) {
        Transaction tx = store.transaction(id);
        long now = Store.now();
        tx.lastPing = now;
        if (pingAncestors) {
            tx.parent.ifPresent(p -> ping(p.id, true));
        }
    }

    void commit(String id) {
        Transaction tx = store.transaction(id);
        if (!tx.children.isEmpty()) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot commit transaction " + id + " since it has "
                    + tx.children.size() + " active nested transaction(s)", Map.of("transaction_id", id));
        }
        if (tx.parent.isPresent()) {
            commitInto(tx, tx.parent.get());
        } else {
            commitToTrunk(tx);
        }
        finish(tx);
        if (tx.parent.isPresent()) {
            store.locks.promote(tx, tx.parent.get());
        } else {
            store.locks.release(tx);
        }
    }

    private void commitInto(Transaction tx, Transaction parent) {
        for (Map.Entry<String, NodeDelta> entry : tx.layer.entrySet()) {
            NodeDelta delta = entry.getValue();
            if (delta.frozen || !store.nodes.containsKey(entry.getKey())) {
                continue;
            }
            NodeDelta below = parent.layer.get(entry.getKey());
            if (below == null || below.frozen) {
                parent.layer.put(entry.getKey(), delta);
            } else {
                String replaced = below.blob;
                below.absorb(delta);
                if (replaced != null && !replaced.equals(below.blob)) {
                    store.releaseBlob(replaced);
                }
            }
        }
        for (String created : tx.createdNodes) {
            Node node = store.nodes.get(created);
            if (node != null) {
                node.createdIn = Optional.of(parent.id);
                parent.createdNodes.add(created);
            }
        }
    }

    private void commitToTrunk(Transaction tx) {
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, NodeDelta> entry : tx.layer.entrySet()) {
            String id = entry.getKey();
            NodeDelta delta = entry.getValue();
            if (delta.frozen || !store.nodes.containsKey(id)) {
                continue;
            }
            if (delta.removed) {
                removed.add(id);
                continue;
            }
            NodeDelta committed = store.trunk.get(id);
            if (committed == null) {
                committed = NodeDelta.complete(delta.modificationTime);
                store.trunk.put(id, committed);
            }
            String replaced = committed.blob;
            committed.absorb(delta);
            committed.removed = false;
            if (replaced != null && !replaced.equals(committed.blob)) {
                store.releaseBlob(replaced);
            }
            store.markDirty(id);
        }
        for (String created : tx.createdNodes) {
            Node node = store.nodes.get(created);
            if (node != null) {
                node.createdIn = Optional.empty();
            }
        }
        for (String id : removed) {
            store.nodes.remove(id);
            NodeDelta gone = store.trunk.remove(id);
            store.locks.forgetNode(id);
            store.markDirty(id);
            if (gone != null) {
                store.releaseBlob(gone.blob);
            }
        }
    }

    void abort(String id) {
        abort(store.transaction(id));
    }

    private void abort(Transaction tx) {
        for (Transaction child : new ArrayList<>(tx.children)) {
            abort(child);
        }
        for (String created : tx.createdNodes) {
            store.nodes.remove(created);
            store.locks.forgetNode(created);
        }
        finish(tx);
        store.locks.release(tx);
        for (NodeDelta delta : tx.layer.values()) {
            store.releaseBlob(delta.blob);
        }
    }

    private void finish(Transaction tx) {
        store.transactions.remove(tx.id);
        tx.parent.ifPresent(p -> p.children.remove(tx));
        store.markFinished(tx.id);
        // A transaction whose prerequisite ended cannot go on, as on a real cluster.
        for (Transaction other : new ArrayList<>(store.transactions.values())) {
            if (other.prerequisiteIds.contains(tx.id) && store.transactions.containsKey(other.id)) {
                abort(other);
            }
        }
    }

    /** Aborts every transaction not pinged within its timeout (with its nested transactions). */
    void expire() {
        long now = Store.now();
        for (Transaction tx : new ArrayList<>(store.transactions.values())) {
            if (store.transactions.containsKey(tx.id) && tx.expired(now)) {
                abort(tx);
            }
        }
    }
}
