package ai.tracto.tractorun.localcluster.cypress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SortedMap;

/** A node as one transaction (or the committed tree) sees it: all layers merged. */
record NodeState(Node node, SortedMap<String, String> children, SortedMap<String, JsonNode> attributes,
                 JsonNode value, String blob, long rowCount, long dataSize, long modificationTime) {
    NodeType type() {
        return node.type;
    }

    String id() {
        return node.id;
    }
}
