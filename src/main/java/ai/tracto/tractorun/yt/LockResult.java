package ai.tracto.tractorun.yt;

import java.util.Objects;

/** The lock created by {@code lock} and the node it was taken on. */
public record LockResult(String lockId, String nodeId) {
    public LockResult {
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(nodeId, "nodeId");
    }
}
