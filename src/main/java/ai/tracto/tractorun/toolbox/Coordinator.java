package ai.tracto.tractorun.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One worker's place in the gang, with the Python tractorun's coordinator names.
 *
 * @param selfIndex the worker's global rank
 * @param peerCount the number of workers in the gang (the world size)
 * @param processIndex the worker's rank within its node (local rank)
 * @param nodeIndex the index of the worker's node
 * @param incarnationId the incarnation of the training directory this run is
 * @param primaryEndpoint {@code host:port} of the primary (rank 0) node
 * @param selfEndpoint {@code host:port} of this worker's node
 */
public record Coordinator(int selfIndex, int peerCount, int processIndex, int nodeIndex, long incarnationId,
                          String primaryEndpoint, String selfEndpoint) {
    public Coordinator {
        Objects.requireNonNull(primaryEndpoint, "primaryEndpoint");
        Objects.requireNonNull(selfEndpoint, "selfEndpoint");
        if (peerCount < 1) {
            throw new IllegalArgumentException("peerCount must be at least 1, got " + peerCount);
        }
        if (selfIndex < 0 || selfIndex >= peerCount) {
            throw new IllegalArgumentException("selfIndex must be within 0.." + (peerCount - 1) + ", got " + selfIndex);
        }
    }

    /** The worker with rank 0: the one that saves models and whose node holds the primary lock. */
    public boolean isPrimary() {
        return selfIndex == 0;
    }

    /** The {@code coordinator} object of the toolbox context and of the endpoint's {@code /coordinator}. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("self_index", selfIndex);
        node.put("peer_count", peerCount);
        node.put("process_index", processIndex);
        node.put("node_index", nodeIndex);
        node.put("incarnation_id", incarnationId);
        node.put("primary_endpoint", primaryEndpoint);
        node.put("self_endpoint", selfEndpoint);
        return node;
    }

    /** Reads {@link #toJson()}'s shape; a missing or mistyped key is named in the exception. */
    public static Coordinator fromJson(JsonNode node) {
        return new Coordinator(
                requiredInt(node, "self_index"),
                requiredInt(node, "peer_count"),
                requiredInt(node, "process_index"),
                requiredInt(node, "node_index"),
                requiredLong(node, "incarnation_id"),
                requiredText(node, "primary_endpoint"),
                requiredText(node, "self_endpoint"));
    }

    private static int requiredInt(JsonNode node, String key) {
        JsonNode value = node.path(key);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("coordinator." + key + " must be an integer, got " + value);
        }
        return value.intValue();
    }

    private static long requiredLong(JsonNode node, String key) {
        JsonNode value = node.path(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("coordinator." + key + " must be an integer, got " + value);
        }
        return value.longValue();
    }

    private static String requiredText(JsonNode node, String key) {
        JsonNode value = node.path(key);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("coordinator." + key + " must be a string, got " + value);
        }
        return value.textValue();
    }
}
