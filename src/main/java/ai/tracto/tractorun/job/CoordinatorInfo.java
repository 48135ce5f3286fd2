package ai.tracto.tractorun.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One worker's view of the gang, the {@code coordinator} part of the toolbox context.
 *
 * @param selfIndex the worker's global rank
 * @param peerCount the world size
 * @param processIndex the worker's rank within its node (local rank)
 * @param nodeIndex the node's index in the gang
 */
public record CoordinatorInfo(int selfIndex, int peerCount, int processIndex, int nodeIndex,
                              long incarnationId, Endpoint primaryEndpoint, Endpoint selfEndpoint) {
    public CoordinatorInfo {
        Objects.requireNonNull(primaryEndpoint, "primaryEndpoint");
        Objects.requireNonNull(selfEndpoint, "selfEndpoint");
    }

    public boolean isPrimary() {
        return selfIndex == 0;
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("self_index", selfIndex);
        node.put("peer_count", peerCount);
        node.put("process_index", processIndex);
        node.put("node_index", nodeIndex);
        node.put("incarnation_id", incarnationId);
        node.put("primary_endpoint", primaryEndpoint.toString());
        node.put("self_endpoint", selfEndpoint.toString());
        return node;
    }
}
