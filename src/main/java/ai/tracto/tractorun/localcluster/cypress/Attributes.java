package ai.tracto.tractorun.localcluster.cypress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/** System attributes computed from a node's state, plus its user attributes. */
final class Attributes {
    static final Set<String> READ_ONLY = Set.of("type", "id", "creation_time", "modification_time", "row_count",
            "uncompressed_data_size", "compressed_data_size", "locks", "lock_count", "count", "key", "path",
            "parent_id", "resource_usage");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Attributes() {}

    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static ObjectNode all(View view, NodeState state) {
        ObjectNode out = NODES.objectNode();
        out.put("type", state.type().wireName());
        out.put("id", state.id());
        out.put("creation_time", time(state.node().creationTime));
        out.put("modification_time", time(state.modificationTime()));
        out.put("key", state.node().key);
        out.put("path", view.pathOf(state.id()));
        state.node().parentId.ifPresent(p -> out.put("parent_id", p));
        if (state.type() == NodeType.MAP_NODE) {
            out.put("count", state.children().size());
        }
        if (state.type() == NodeType.LIST_NODE && state.value() != null) {
            out.put("count", state.value().size());
        }
        if (state.type().holdsData()) {
            out.put("uncompressed_data_size", state.dataSize());
            out.put("compressed_data_size", state.dataSize());
        }
        if (state.type() == NodeType.TABLE) {
            out.put("row_count", state.rowCount());
            out.put("chunk_count", state.rowCount() == 0 ? 0 : 1);
            out.put("dynamic", false);
            if (!state.attributes().containsKey("schema")) {
                ObjectNode schema = NODES.objectNode();
                schema.putObject("$attributes").put("strict", false).put("unique_keys", false);
                schema.putArray("$value");
                out.set("schema", schema);
            }
        }
        if (state.type() == NodeType.LINK) {
            out.put("target_path", state.value().asText());
        }
        ArrayNode locks = out.putArray("locks");
        for (Lock lock : view.store.locks.onNode(state.id())) {
            locks.add(lockAttributes(lock));
        }
        out.put("lock_count", locks.size());
        state.attributes().forEach(out::set);
        return out;
    }

    static ObjectNode lockAttributes(Lock lock) {
        ObjectNode out = NODES.objectNode();
        out.put("id", lock.id);
        out.put("type", "lock");
        out.put("state", lock.state());
        out.put("mode", lock.mode.wireName());
        out.put("transaction_id", lock.transaction.id);
        out.put("node_id", lock.nodeId);
        out.put("creation_time", time(lock.creationTime));
        lock.childKey.ifPresent(k -> out.put("child_key", k));
        lock.attributeKey.ifPresent(k -> out.put("attribute_key", k));
        return out;
    }

    static ObjectNode transactionAttributes(Transaction tx) {
        ObjectNode out = NODES.objectNode();
        out.put("id", tx.id);
        out.put("type", "transaction");
        out.put("state", "active");
        out.put("timeout", tx.timeoutMillis);
        out.put("start_time", time(tx.startTime));
        out.put("last_ping_time", time(tx.lastPing));
        tx.parent.ifPresent(p -> out.put("parent_id", p.id));
        ArrayNode nested = out.putArray("nested_transaction_ids");
        tx.children.forEach(c -> nested.add(c.id));
        out.setAll(tx.attributes);
        return out;
    }
}
