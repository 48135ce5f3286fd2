package ai.tracto.tractorun.job;

import java.util.Objects;

/**
 * What rendezvous tells one node about its place in the gang: its index (its job cookie),
 * the incarnation it belongs to, the primary's endpoint (where MASTER_ADDR/MASTER_PORT point)
 * and its own endpoint.
 */
public record NodeTopology(int nodeIndex, long incarnationId, Endpoint primaryEndpoint, Endpoint selfEndpoint) {
    public NodeTopology {
        if (nodeIndex < 0) {
            throw new IllegalArgumentException("node index must not be negative, got " + nodeIndex);
        }
        Objects.requireNonNull(primaryEndpoint, "primaryEndpoint");
        Objects.requireNonNull(selfEndpoint, "selfEndpoint");
    }

    public boolean isPrimary() {
        return nodeIndex == 0;
    }
}
