package ai.tracto.tractorun.localcluster.cypress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's state in one layer: the committed tree (always complete) or a transaction's
 * copy-on-write overlay. An incomplete delta records only changes: children and attributes
 * with {@code null} as a tombstone; {@code value}/{@code blob} null mean unchanged.
 */
final class NodeDelta {
    boolean complete;
    boolean removed;
    /** A snapshot lock's frozen copy: read by its transaction, never committed. */
    boolean frozen;
    final TreeMap<String, String> children = new TreeMap<>();
    final TreeMap<String, JsonNode> attributes = new TreeMap<>();
    JsonNode value;
    String blob;
    long rowCount;
    long dataSize;
    long modificationTime;

    static NodeDelta complete(long now) {
        NodeDelta delta = new NodeDelta();
        delta.complete = true;
        delta.modificationTime = now;
        return delta;
    }

    static NodeDelta completeCopyOf(NodeState state) {
        NodeDelta delta = complete(state.modificationTime());
        delta.children.putAll(state.children());
        delta.attributes.putAll(state.attributes());
        delta.value = state.value();
        delta.blob = state.blob();
        delta.rowCount = state.rowCount();
        delta.dataSize = state.dataSize();
        return delta;
    }

    /** Applies {@code upper} (a newer layer's delta) over this one, as a commit does. */
    void absorb(NodeDelta upper) {
        if (upper.complete) {
            children.clear();
            attributes.clear();
        }
        merge(children, upper.children);
        merge(attributes, upper.attributes);
        if (upper.value != null) {
            value = upper.value;
        }
        if (upper.blob != null) {
            blob = upper.blob;
            rowCount = upper.rowCount;
            dataSize = upper.dataSize;
        }
        if (upper.modificationTime != 0) {
            modificationTime = upper.modificationTime;
        }
        removed |= upper.removed;
    }

    private <V> void merge(TreeMap<String, V> into, Map<String, V> changes) {
        for (Map.Entry<String, V> change : changes.entrySet()) {
            if (change.getValue() == null && complete) {
                into.remove(change.getKey());
            } else {
                into.put(change.getKey(), change.getValue());
            }
        }
    }
}
