package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.Ids;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All locks, by id and by node, in request order. A waitable lock that conflicts stays pending
 * and is acquired, in order, once its blockers' transactions end.
 */
final class LockTable {
    private final Map<String, Lock> byId = new HashMap<>();
    private final Map<String, List<Lock>> byNode = new HashMap<>();

    Optional<Lock> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    List<Lock> onNode(String nodeId) {
        return byNode.getOrDefault(nodeId, List.of());
    }

    /** The first acquired lock of another transaction that forbids this request; requester empty = a write outside transactions. */
    Optional<Lock> conflict(String nodeId, Optional<Transaction> requester, LockMode mode, Optional<String> childKey,
                            Optional<String> attributeKey) {
        for (Lock lock : onNode(nodeId)) {
            if (!lock.acquired) {
                continue;
            }
            if (requester.isPresent() && lock.transaction.isSelfOrAncestorOf(requester.get())) {
                continue;
            }
            if (lock.conflictsWith(mode, childKey, attributeKey)) {
                return Optional.of(lock);
            }
        }
        return Optional.empty();
    }

    /**
     * Takes a lock or fails with 402; a waitable request that conflicts is queued as pending. As in
     * YTsaurus, a request that is not waitable never waits: only acquired locks of other
     * transactions refuse it, and otherwise it is acquired at once, ahead of any queued request.
     */
    Lock acquire(String nodeId, String path, Transaction tx, LockMode mode, Optional<String> childKey,
                 Optional<String> attributeKey, boolean waitable, long now) {
        for (Lock held : onNode(nodeId)) {
            if (held.transaction == tx && held.covers(mode, childKey, attributeKey)) {
                return held;
            }
        }
        Optional<Lock> blocker = conflict(nodeId, Optional.of(tx), mode, childKey, attributeKey);
        if (blocker.isPresent() && !waitable) {
            throw conflictError(path, mode, blocker.get());
        }
        Lock lock = new Lock(Ids.next(), nodeId, tx, mode, childKey, attributeKey, now);
        lock.acquired = blocker.isEmpty() && (!waitable || !hasPendingBefore(nodeId, lock));
        byId.put(lock.id, lock);
        byNode.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(lock);
        tx.locks.add(lock);
        return lock;
    }

    static ServerError conflictError(String path, LockMode mode, Lock blocker) {
        return new ServerError(ErrorCodes.CONCURRENT_TRANSACTION_LOCK_CONFLICT,
                "Cannot take \"" + mode.wireName() + "\" lock for node " + path + " since \""
                        + blocker.mode.wireName() + "\" lock is taken by concurrent transaction "
                        + blocker.transaction.id,
                Map.of("path", path, "winner_transaction", Map.of("id", blocker.transaction.id),
                        "lock_id", blocker.id));
    }

    private boolean hasPendingBefore(String nodeId, Lock lock) {
        for (Lock other : onNode(nodeId)) {
            if (!other.acquired && other.transaction != lock.transaction
                    && other.conflictsWith(lock.mode, lock.childKey, lock.attributeKey)) {
                return true;
            }
        }
        return false;
    }

    /** Moves a committed nested transaction's locks to its parent. */
    void promote(Transaction from, Transaction to) {
        for (Lock lock : from.locks) {
            lock.transaction = to;
            to.locks.add(lock);
        }
        from.locks.clear();
    }

    /** Drops a finished transaction's locks; pending locks they blocked are acquired. */
    void release(Transaction tx) {
        List<String> touched = new ArrayList<>();
        for (Lock lock : tx.locks) {
            byId.remove(lock.id);
            List<Lock> list = byNode.get(lock.nodeId);
            if (list != null) {
                list.remove(lock);
                if (list.isEmpty()) {
                    byNode.remove(lock.nodeId);
                }
            }
            touched.add(lock.nodeId);
        }
        tx.locks.clear();
        for (String nodeId : touched) {
            grantPending(nodeId);
        }
    }

    /** Drops a transaction's locks on one node; pending locks they blocked are acquired. */
    void unlock(Transaction tx, String nodeId) {
        for (Lock lock : new ArrayList<>(onNode(nodeId))) {
            if (lock.transaction == tx) {
                byId.remove(lock.id);
                byNode.get(nodeId).remove(lock);
                tx.locks.remove(lock);
            }
        }
        if (byNode.containsKey(nodeId) && byNode.get(nodeId).isEmpty()) {
            byNode.remove(nodeId);
        }
        grantPending(nodeId);
    }

    /** Drops every lock on a node that no longer exists. */
    void forgetNode(String nodeId) {
        List<Lock> list = byNode.remove(nodeId);
        if (list != null) {
            for (Lock lock : list) {
                byId.remove(lock.id);
                lock.transaction.locks.remove(lock);
            }
        }
    }

    private void grantPending(String nodeId) {
        for (Lock lock : onNode(nodeId)) {
            if (lock.acquired) {
                continue;
            }
            boolean blocked = conflict(nodeId, Optional.of(lock.transaction), lock.mode, lock.childKey, lock.attributeKey).isPresent();
            if (blocked) {
                // Later requests wait behind this one, as the queue is first come, first served.
                return;
            }
            lock.acquired = true;
        }
    }
}
