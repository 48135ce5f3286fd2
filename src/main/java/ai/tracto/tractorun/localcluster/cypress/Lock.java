package ai.tracto.tractorun.localcluster.cypress;

import java.util.Optional;

/** A lock object: held (or awaited) by one transaction on one node; addressable as {@code #<id>}. */
final class Lock {
    final String id;
    final String nodeId;
    Transaction transaction;
    final LockMode mode;
    final Optional<String> childKey;
    final Optional<String> attributeKey;
    final long creationTime;
    boolean acquired;

    Lock(String id, String nodeId, Transaction transaction, LockMode mode, Optional<String> childKey,
         Optional<String> attributeKey, long creationTime) {
        this.id = id;
        this.nodeId = nodeId;
        this.transaction = transaction;
        this.mode = mode;
        this.childKey = childKey;
        this.attributeKey = attributeKey;
        this.creationTime = creationTime;
    }

    /** Whether this lock, held by another transaction, forbids a lock of {@code mode} with the given keys. */
    boolean conflictsWith(LockMode otherMode, Optional<String> otherChildKey, Optional<String> otherAttributeKey) {
        if (mode == LockMode.SNAPSHOT || otherMode == LockMode.SNAPSHOT) {
            return false;
        }
        if (mode == LockMode.EXCLUSIVE || otherMode == LockMode.EXCLUSIVE) {
            return true;
        }
        return (childKey.isPresent() && childKey.equals(otherChildKey))
                || (attributeKey.isPresent() && attributeKey.equals(otherAttributeKey));
    }

    /** Whether this lock already gives what a request of {@code mode} with the given keys asks. */
    boolean covers(LockMode otherMode, Optional<String> otherChildKey, Optional<String> otherAttributeKey) {
        if (!acquired) {
            return false;
        }
        if (mode == LockMode.EXCLUSIVE) {
            return otherMode != LockMode.SNAPSHOT;
        }
        return mode == otherMode && childKey.equals(otherChildKey) && attributeKey.equals(otherAttributeKey);
    }

    String state() {
        return acquired ? "acquired" : "pending";
    }
}
