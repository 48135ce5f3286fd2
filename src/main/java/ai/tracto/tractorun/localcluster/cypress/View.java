package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.Ids;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tree as one transaction (or no transaction) sees it: the transaction's overlay over its
 * ancestors' overlays over the committed layer. Writes go to the top layer and take the
 * implicit locks a real cluster takes, so concurrent transactions cannot overwrite each other.
 */
final class View {
    final Store store;
    final Optional<Transaction> tx;
    private final Set<String> chainIds = new HashSet<>();

    View(Store store, Optional<Transaction> tx) {
        this.store = store;
        this.tx = tx;
        for (Optional<Transaction> t = tx; t.isPresent(); t = t.get().parent) {
            chainIds.add(t.get().id);
        }
    }

    Optional<NodeState> find(String id) {
        Node node = store.nodes.get(id);
        if (node == null || (node.createdIn.isPresent() && !chainIds.contains(node.createdIn.get()))) {
            return Optional.empty();
        }
        List<NodeDelta> deltas = new ArrayList<>();
        for (Optional<Transaction> t = tx; t.isPresent(); t = t.get().parent) {
            NodeDelta delta = t.get().layer.get(id);
            if (delta != null) {
                deltas.add(delta);
                if (delta.complete) {
                    break;
                }
            }
        }
        if (deltas.isEmpty() || !deltas.get(deltas.size() - 1).complete) {
            NodeDelta committed = store.trunk.get(id);
            if (committed == null) {
                return Optional.empty();
            }
            deltas.add(committed);
        }
        NodeDelta merged = new NodeDelta();
        merged.complete = true;
        for (int i = deltas.size() - 1; i >= 0; i--) {
            merged.absorb(deltas.get(i));
        }
        if (merged.removed) {
            return Optional.empty();
        }
        return Optional.of(new NodeState(node, merged.children, merged.attributes, merged.value, merged.blob,
                merged.rowCount, merged.dataSize, merged.modificationTime));
    }

    NodeState state(String id) {
        return find(id).orElseThrow(() -> new ServerError(ErrorCodes.RESOLVE_ERROR, "No such object #" + id));
    }

    /** The top layer's delta for a node, created on first write. */
    NodeDelta writable(String id) {
        if (tx.isEmpty()) {
            store.markDirty(id);
            return store.trunk.get(id);
        }
        NodeDelta delta = tx.get().layer.computeIfAbsent(id, k -> new NodeDelta());
        if (delta.frozen) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot modify " + pathOf(id)
                    + ": transaction " + tx.get().id + " holds a snapshot lock on it");
        }
        return delta;
    }

    NodeDelta touch(String id) {
        NodeDelta delta = writable(id);
        delta.modificationTime = Store.now();
        return delta;
    }

    void setChild(String parentId, String key, String childIdOrNull) {
        NodeDelta delta = touch(parentId);
        if (childIdOrNull == null && delta.complete) {
            delta.children.remove(key);
        } else {
            delta.children.put(key, childIdOrNull);
        }
    }

    void setAttribute(String nodeId, String key, JsonNode valueOrNull) {
        NodeDelta delta = touch(nodeId);
        if (valueOrNull == null && delta.complete) {
            delta.attributes.remove(key);
        } else {
            delta.attributes.put(key, valueOrNull);
        }
    }

    /** Takes the implicit lock a write needs; outside a transaction only checks nobody else holds a conflicting one. */
    void lockForWrite(String nodeId, String path, LockMode mode, Optional<String> childKey, Optional<String> attributeKey) {
        if (tx.isPresent()) {
            if (store.nodes.get(nodeId).createdIn.equals(Optional.of(tx.get().id))) {
                return;
            }
            store.locks.acquire(nodeId, path, tx.get(), mode, childKey, attributeKey, false, Store.now());
        } else {
            Optional<Lock> blocker = store.locks.conflict(nodeId, Optional.empty(), mode, childKey, attributeKey);
            if (blocker.isPresent()) {
                throw LockTable.conflictError(path, mode, blocker.get());
            }
        }
    }

    Node createNode(NodeType type, String parentId, String key) {
        long now = Store.now();
        Node node = new Node(Ids.next(), type, Optional.of(parentId), key, now, tx.map(t -> t.id));
        store.nodes.put(node.id, node);
        NodeDelta delta = NodeDelta.complete(now);
        if (tx.isPresent()) {
            tx.get().layer.put(node.id, delta);
            tx.get().createdNodes.add(node.id);
        } else {
            store.trunk.put(node.id, delta);
            store.markDirty(node.id);
        }
        setChild(parentId, key, node.id);
        return node;
    }

    /** Removes a node and its subtree from this view (for everyone when outside a transaction). */
    void removeSubtree(String id, String path) {
        NodeState state = state(id);
        lockForWrite(id, path, LockMode.EXCLUSIVE, Optional.empty(), Optional.empty());
        for (String child : new TreeMap<>(state.children()).values()) {
            removeSubtree(child, path + "/" + store.nodes.get(child).key);
        }
        if (tx.isEmpty()) {
            store.nodes.remove(id);
            NodeDelta removed = store.trunk.remove(id);
            store.locks.forgetNode(id);
            store.markDirty(id);
            store.releaseBlob(removed == null ? null : removed.blob);
        } else {
            writable(id).removed = true;
        }
    }

    String pathOf(String id) {
        List<String> keys = new ArrayList<>();
        Node node = store.nodes.get(id);
        while (node != null && node.parentId.isPresent()) {
            keys.add(0, escape(node.key));
            node = store.nodes.get(node.parentId.get());
        }
        return keys.isEmpty() ? "/" : "//" + String.join("/", keys);
    }

    static String escape(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            if ("/@&*[{\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
