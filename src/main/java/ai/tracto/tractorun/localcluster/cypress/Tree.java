package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.ypath.PathToken;
import ai.tracto.tractorun.localcluster.ypath.YPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Cypress tree commands, each run against one view inside the store's monitor. */
final class Tree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final View view;
    private final Resolver resolver;

    Tree(View view) {
        this.view = view;
        this.resolver = new Resolver(view);
    }

    JsonNode get(YPath path, Optional<List<String>> attributes) {
        Optional<ObjectNode> object = objectAttributes(path);
        if (object.isPresent()) {
            List<PathToken> tokens = path.tokens();
            if (tokens.isEmpty()) {
                return attributes.isPresent() ? wrap(NODES.nullNode(), object.get(), attributes.get()) : NODES.nullNode();
            }
            return fromAttributes(object.get(), tokens, path.text());
        }
        Resolver.Walk walk = resolver.resolve(path);
        NodeState state = view.state(walk.nodeId());
        List<PathToken> rest = walk.rest();
        if (rest.isEmpty()) {
            return render(state, attributes);
        }
        if (rest.get(0).attribute()) {
            return fromAttributes(Attributes.all(view, state), rest, path.text());
        }
        return ValuePaths.get(state.value(), rest, path.text());
    }

    private JsonNode fromAttributes(ObjectNode all, List<PathToken> tokens, String path) {
        PathToken first = tokens.get(0);
        if (!first.attribute()) {
            throw ValuePaths.resolveError(path, "child of an object");
        }
        if (first.name().isEmpty()) {
            return ValuePaths.get(all, tokens.subList(1, tokens.size()), path);
        }
        JsonNode value = all.get(first.name());
        if (value == null) {
            throw new ServerError(ErrorCodes.RESOLVE_ERROR, "Error resolving path " + path + ": attribute \""
                    + first.name() + "\" is not found", Map.of("path", path));
        }
        return ValuePaths.get(value, tokens.subList(1, tokens.size()), path);
    }

    /** Lock and transaction objects addressed as {@code #<id>}. */
    private Optional<ObjectNode> objectAttributes(YPath path) {
        if (path.rootObjectId().isEmpty()) {
            return Optional.empty();
        }
        String id = path.rootObjectId().get();
        Optional<Lock> lock = view.store.locks.byId(id);
        if (lock.isPresent()) {
            return Optional.of(Attributes.lockAttributes(lock.get()));
        }
        Transaction tx = view.store.transactions.get(id);
        return tx == null ? Optional.empty() : Optional.of(Attributes.transactionAttributes(tx));
    }

    private JsonNode render(NodeState state, Optional<List<String>> attributes) {
        JsonNode value;
        if (state.type() == NodeType.MAP_NODE) {
            ObjectNode map = NODES.objectNode();
            for (Map.Entry<String, String> child : state.children().entrySet()) {
                view.find(child.getValue()).ifPresent(c -> map.set(child.getKey(), render(c, attributes)));
            }
            value = map;
        } else if (state.type().holdsValue()) {
            value = state.value() == null ? NODES.nullNode() : state.value();
        } else {
            value = NODES.nullNode();
        }
        return attributes.isPresent() ? wrap(value, Attributes.all(view, state), attributes.get()) : value;
    }

    private static JsonNode wrap(JsonNode value, ObjectNode all, List<String> names) {
        ObjectNode selected = NODES.objectNode();
        for (String name : names) {
            if (all.has(name)) {
                selected.set(name, all.get(name));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("$attributes", selected);
        out.set("$value", value);
        return out;
    }

    boolean exists(YPath path) {
        try {
            get(path, Optional.empty());
            return true;
        } catch (ServerError e) {
            if (e.code() == ErrorCodes.RESOLVE_ERROR) {
                return false;
            }
            throw e;
        }
    }

    JsonNode list(YPath path, Optional<List<String>> attributes) {
        Resolver.Walk walk = resolver.resolve(path);
        NodeState state = view.state(walk.nodeId());
        ArrayNode out = NODES.arrayNode();
        if (!walk.rest().isEmpty()) {
            JsonNode value = get(path, Optional.empty());
            if (!value.isObject()) {
                throw new ServerError(ErrorCodes.GENERIC, "Cannot list " + path.text() + ": it is not a map");
            }
            value.fieldNames().forEachRemaining(out::add);
            return out;
        }
        if (state.type() != NodeType.MAP_NODE) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot list " + path.text() + ": node of type "
                    + state.type().wireName() + " has no children", Map.of("path", path.text()));
        }
        for (Map.Entry<String, String> child : state.children().entrySet()) {
            Optional<NodeState> childState = view.find(child.getValue());
            if (childState.isEmpty()) {
                continue;
            }
            JsonNode key = TextNode.valueOf(child.getKey());
            out.add(attributes.isPresent() ? wrap(key, Attributes.all(view, childState.get()), attributes.get()) : key);
        }
        return out;
    }

    void set(YPath path, JsonNode value, boolean recursive, boolean force) {
        Resolver.Walk walk = resolver.walk(path);
        NodeState state = view.state(walk.nodeId());
        List<PathToken> rest = walk.rest();
        if (rest.isEmpty()) {
            replaceNode(state, value, path.text(), force);
        } else if (rest.get(0).attribute()) {
            setAttribute(state, rest, value, path.text());
        } else if (state.type().holdsValue()) {
            view.lockForWrite(state.id(), path.text(), LockMode.EXCLUSIVE, Optional.empty(), Optional.empty());
            view.touch(state.id()).value = ValuePaths.set(state.value(), rest, value, path.text());
        } else {
            String parent = createAncestors(path, walk, recursive);
            build(parent, rest.get(rest.size() - 1).name(), value, path.text());
        }
    }

    private void replaceNode(NodeState state, JsonNode value, String path, boolean force) {
        if (state.node().parentId.isEmpty()) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot replace the root node " + path);
        }
        JsonNode bare = value.isObject() && value.has("$value") && value.has("$attributes") ? value.get("$value") : value;
        NodeType wanted = NodeType.forValue(bare);
        boolean inPlace = state.type().holdsValue() && (state.type() == NodeType.DOCUMENT || state.type() == wanted)
                && bare == value;
        if (inPlace) {
            view.lockForWrite(state.id(), path, LockMode.EXCLUSIVE, Optional.empty(), Optional.empty());
            view.touch(state.id()).value = value;
            return;
        }
        if (!force && state.type().holdsData()) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot replace " + state.type().wireName() + " " + path
                    + " with a value; use \"force\"", Map.of("path", path));
        }
        String parentId = state.node().parentId.get();
        String key = state.node().key;
        removeNode(state, path, true);
        build(parentId, key, value, path);
    }

    private void setAttribute(NodeState state, List<PathToken> rest, JsonNode value, String path) {
        String name = rest.get(0).name();
        if (name.isEmpty()) {
            if (!value.isObject()) {
                throw new ServerError(ErrorCodes.GENERIC, "Attributes of " + path + " must be set from a map");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                setAttribute(state, List.of(new PathToken(true, field.getKey(), false)), field.getValue(), path);
            }
            return;
        }
        if (Attributes.READ_ONLY.contains(name) || (name.equals("schema") && state.type() != NodeType.TABLE)
                || (name.equals("target_path"))) {
            throw new ServerError(ErrorCodes.GENERIC, "Attribute \"" + name + "\" cannot be set", Map.of("path", path));
        }
        view.lockForWrite(state.id(), path, LockMode.SHARED, Optional.empty(), Optional.of(name));
        JsonNode newValue = value;
        if (rest.size() > 1) {
            JsonNode current = state.attributes().get(name);
            if (current == null) {
                throw ValuePaths.resolveError(path, "attribute \"" + name + "\"");
            }
            newValue = ValuePaths.set(current, rest.subList(1, rest.size()), value, path);
        }
        view.setAttribute(state.id(), name, newValue);
    }

    /** Creates missing map nodes for all but the last missing token; returns the parent of the last. */
    private String createAncestors(YPath path, Resolver.Walk walk, boolean recursive) {
        List<PathToken> rest = walk.rest();
        if (rest.stream().anyMatch(PathToken::attribute)) {
            throw resolver.missing(path, walk);
        }
        if (rest.size() > 1 && !recursive) {
            throw resolver.missing(path, walk);
        }
        String parent = walk.nodeId();
        for (PathToken token : rest.subList(0, rest.size() - 1)) {
            parent = newNode(NodeType.MAP_NODE, parent, token.name(), path.text()).id;
        }
        return parent;
    }

    private Node newNode(NodeType type, String parentId, String key, String path) {
        view.lockForWrite(parentId, path, LockMode.SHARED, Optional.of(key), Optional.empty());
        return view.createNode(type, parentId, key);
    }

    private String build(String parentId, String key, JsonNode value, String path) {
        JsonNode bare = value;
        JsonNode attributes = null;
        if (value.isObject() && value.has("$value") && value.has("$attributes")) {
            bare = value.get("$value");
            attributes = value.get("$attributes");
        }
        NodeType type = NodeType.forValue(bare);
        Node node = newNode(type, parentId, key, path);
        if (type == NodeType.MAP_NODE) {
            for (Iterator<Map.Entry<String, JsonNode>> it = bare.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                build(node.id, field.getKey(), field.getValue(), path + "/" + View.escape(field.getKey()));
            }
        } else {
            view.writable(node.id).value = bare;
        }
        if (attributes != null) {
            attributes.fields().forEachRemaining(a -> view.setAttribute(node.id, a.getKey(), a.getValue()));
        }
        return node.id;
    }

    String create(NodeType type, YPath path, boolean recursive, boolean ignoreExisting, boolean force,
                  ObjectNode attributes) {
        Resolver.Walk walk = resolver.walk(path);
        if (walk.reachedNode()) {
            NodeState existing = view.state(walk.nodeId());
            if (ignoreExisting && existing.type() == type) {
                return existing.id();
            }
            if (ignoreExisting || !force) {
                throw new ServerError(ErrorCodes.ALREADY_EXISTS, ignoreExisting
                        ? "Node " + path.text() + " already exists and has type \"" + existing.type().wireName()
                                + "\" while node of \"" + type.wireName() + "\" type is about to be created"
                        : "Node " + path.text() + " already exists", Map.of("path", path.text()));
            }
            if (existing.node().parentId.isEmpty()) {
                throw new ServerError(ErrorCodes.GENERIC, "Cannot replace the root node");
            }
            String parentId = existing.node().parentId.get();
            removeNode(existing, path.text(), true);
            return createAt(type, parentId, existing.node().key, attributes, path.text());
        }
        String parent = createAncestors(path, walk, recursive);
        return createAt(type, parent, path.last().orElseThrow().name(), attributes, path.text());
    }

    private String createAt(NodeType type, String parentId, String key, ObjectNode attributes, String path) {
        if (type == NodeType.LINK && !attributes.has("target_path")) {
            throw new ServerError(ErrorCodes.GENERIC, "Creating a link requires the \"target_path\" attribute");
        }
        Node node = newNode(type, parentId, key, path);
        NodeDelta delta = view.writable(node.id);
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            if (type == NodeType.LINK && attribute.getKey().equals("target_path")) {
                delta.value = TextNode.valueOf(attribute.getValue().asText());
            } else if (type.holdsValue() && attribute.getKey().equals("value")) {
                delta.value = attribute.getValue();
            } else {
                delta.attributes.put(attribute.getKey(), attribute.getValue());
            }
        }
        if (type == NodeType.DOCUMENT && delta.value == null) {
            delta.value = NODES.nullNode();
        }
        if (type == NodeType.LIST_NODE && delta.value == null) {
            delta.value = NODES.arrayNode();
        }
        return node.id;
    }

    void remove(YPath path, boolean recursive, boolean force) {
        Resolver.Walk walk;
        try {
            walk = resolver.resolve(path);
        } catch (ServerError e) {
            if (force && e.code() == ErrorCodes.RESOLVE_ERROR) {
                return;
            }
            throw e;
        }
        NodeState state = view.state(walk.nodeId());
        List<PathToken> rest = walk.rest();
        if (rest.isEmpty()) {
            if (state.node().parentId.isEmpty()) {
                throw new ServerError(ErrorCodes.GENERIC, "Cannot remove the root node");
            }
            removeNode(state, path.text(), recursive);
        } else if (rest.get(0).attribute()) {
            String name = rest.get(0).name();
            JsonNode current = state.attributes().get(name);
            if (current == null) {
                if (force) {
                    return;
                }
                throw ValuePaths.resolveError(path.text(), "attribute \"" + name + "\"");
            }
            view.lockForWrite(state.id(), path.text(), LockMode.SHARED, Optional.empty(), Optional.of(name));
            view.setAttribute(state.id(), name, rest.size() == 1 ? null
                    : ValuePaths.remove(current, rest.subList(1, rest.size()), path.text()));
        } else {
            view.lockForWrite(state.id(), path.text(), LockMode.EXCLUSIVE, Optional.empty(), Optional.empty());
            view.touch(state.id()).value = ValuePaths.remove(state.value(), rest, path.text());
        }
    }

    private void removeNode(NodeState state, String path, boolean recursive) {
        if (!recursive && state.type() == NodeType.MAP_NODE && !state.children().isEmpty()) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot remove non-empty composite node " + path
                    + " without \"recursive\"", Map.of("path", path));
        }
        String parentId = state.node().parentId.get();
        view.lockForWrite(parentId, path, LockMode.SHARED, Optional.of(state.node().key), Optional.empty());
        view.removeSubtree(state.id(), path);
        view.setChild(parentId, state.node().key, null);
    }

    String link(YPath target, YPath linkPath, boolean recursive, boolean ignoreExisting, boolean force) {
        if (YPath.parse(target.text()).tokens().equals(linkPath.tokens())
                && target.rootObjectId().equals(linkPath.rootObjectId())) {
            throw new ServerError(ErrorCodes.GENERIC, "Failed to create link " + linkPath.text() + ": link is cyclic");
        }
        ObjectNode attributes = NODES.objectNode().put("target_path", target.text());
        return create(NodeType.LINK, linkPath, recursive, ignoreExisting, force, attributes);
    }

    String copy(YPath source, YPath destination, boolean recursive, boolean force) {
        Resolver.Walk from = resolver.resolve(source);
        if (!from.reachedNode()) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot copy " + source.text() + ": it is not a node");
        }
        NodeState state = view.state(from.nodeId());
        Resolver.Walk to = resolver.walk(destination);
        String parentId;
        String key;
        if (to.reachedNode()) {
            NodeState existing = view.state(to.nodeId());
            if (!force) {
                throw new ServerError(ErrorCodes.ALREADY_EXISTS, "Node " + destination.text() + " already exists",
                        Map.of("path", destination.text()));
            }
            if (isInside(existing.id(), state.id()) || existing.node().parentId.isEmpty()) {
                throw new ServerError(ErrorCodes.GENERIC, "Cannot copy " + source.text() + " over " + destination.text());
            }
            parentId = existing.node().parentId.get();
            key = existing.node().key;
            removeNode(existing, destination.text(), true);
        } else {
            parentId = createAncestors(destination, to, recursive);
            key = destination.last().orElseThrow().name();
        }
        if (isInside(parentId, state.id())) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot copy " + source.text() + " into itself");
        }
        return copyNode(state, parentId, key, destination.text());
    }

    private boolean isInside(String nodeId, String ancestorId) {
        for (Node n = view.store.nodes.get(nodeId); n != null; n = n.parentId.map(view.store.nodes::get).orElse(null)) {
            if (n.id.equals(ancestorId)) {
                return true;
            }
        }
        return false;
    }

    private String copyNode(NodeState source, String parentId, String key, String path) {
        Node copy = newNode(source.type(), parentId, key, path);
        NodeDelta delta = view.writable(copy.id);
        delta.attributes.putAll(source.attributes());
        delta.value = source.value();
        if (source.blob() != null) {
            // Blobs are immutable and deleted only once nothing refers to them: the copy shares it.
            delta.blob = source.blob();
            delta.rowCount = source.rowCount();
            delta.dataSize = source.dataSize();
        }
        for (Map.Entry<String, String> child : source.children().entrySet()) {
            Optional<NodeState> childState = view.find(child.getValue());
            if (childState.isPresent()) {
                copyNode(childState.get(), copy.id, child.getKey(), path + "/" + View.escape(child.getKey()));
            }
        }
        return copy.id;
    }

    String move(YPath source, YPath destination, boolean recursive, boolean force) {
        String id = copy(source, destination, recursive, force);
        remove(YPath.parse(source.text()), true, false);
        return id;
    }

    Lock lock(YPath path, LockMode mode, boolean waitable, Optional<String> childKey, Optional<String> attributeKey) {
        if (view.tx.isEmpty()) {
            throw new ServerError(ErrorCodes.GENERIC, "Command \"lock\" requires a transaction (\"transaction_id\")");
        }
        if ((childKey.isPresent() || attributeKey.isPresent()) && mode != LockMode.SHARED) {
            throw new ServerError(ErrorCodes.GENERIC, "\"child_key\" and \"attribute_key\" are only allowed with \"shared\" mode");
        }
        Resolver.Walk walk = resolver.resolve(path);
        if (!walk.reachedNode()) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot lock " + path.text() + ": it is not a node");
        }
        NodeState state = view.state(walk.nodeId());
        Lock lock = view.store.locks.acquire(state.id(), path.text(), view.tx.get(), mode, childKey, attributeKey,
                waitable, Store.now());
        if (mode == LockMode.SNAPSHOT) {
            // A snapshot lock freezes the node as this transaction sees it now.
            NodeDelta frozen = NodeDelta.completeCopyOf(state);
            frozen.frozen = true;
            view.tx.get().layer.put(state.id(), frozen);
        }
        return lock;
    }

    void unlock(YPath path) {
        if (view.tx.isEmpty()) {
            throw new ServerError(ErrorCodes.GENERIC, "Command \"unlock\" requires a transaction (\"transaction_id\")");
        }
        Resolver.Walk walk = resolver.resolve(path);
        NodeState state = view.state(walk.nodeId());
        NodeDelta changes = view.tx.get().layer.get(state.id());
        if (changes != null && !changes.frozen) {
            throw new ServerError(ErrorCodes.GENERIC, "Cannot unlock " + path.text()
                    + ": it has been modified in transaction " + view.tx.get().id);
        }
        view.tx.get().layer.remove(state.id());
        view.store.locks.unlock(view.tx.get(), state.id());
    }
}
