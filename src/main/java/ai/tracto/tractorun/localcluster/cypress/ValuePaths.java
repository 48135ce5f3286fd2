package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.ypath.PathToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Navigation inside a structured value (documents, list/scalar nodes, attribute values) by path tokens. */
final class ValuePaths {
    private ValuePaths() {}

    static JsonNode get(JsonNode root, List<PathToken> tokens, String path) {
        JsonNode current = unwrap(root);
        for (PathToken token : tokens) {
            JsonNode next = null;
            if (token.attribute()) {
                throw resolveError(path, "attributes inside a value");
            }
            if (current.isObject()) {
                next = current.get(token.name());
            } else if (current.isArray()) {
                int index = index(token.name(), current.size(), path);
                next = index >= 0 && index < current.size() ? current.get(index) : null;
            }
            if (next == null) {
                throw resolveError(path, "key \"" + token.name() + "\"");
            }
            current = unwrap(next);
        }
        return current;
    }

    /** Returns a copy of {@code root} with the value at {@code tokens} replaced (or added). */
    static JsonNode set(JsonNode root, List<PathToken> tokens, JsonNode value, String path) {
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode copy = root.deepCopy();
        JsonNode parent = get(copy, tokens.subList(0, tokens.size() - 1), path);
        String key = tokens.get(tokens.size() - 1).name();
        if (parent.isObject()) {
            ((ObjectNode) parent).set(key, value);
        } else if (parent.isArray()) {
            ArrayNode list = (ArrayNode) parent;
            if (key.equals("end")) {
                list.add(value);
            } else if (key.startsWith("before:") || key.startsWith("after:")) {
                int at = index(key.substring(key.indexOf(':') + 1), list.size(), path);
                list.insert(key.startsWith("after:") ? at + 1 : at, value);
            } else {
                int index = index(key, list.size(), path);
                if (index < 0 || index >= list.size()) {
                    throw resolveError(path, "list index " + key);
                }
                list.set(index, value);
            }
        } else {
            throw resolveError(path, "key \"" + key + "\" in a scalar");
        }
        return copy;
    }

    static JsonNode remove(JsonNode root, List<PathToken> tokens, String path) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = get(copy, tokens.subList(0, tokens.size() - 1), path);
        String key = tokens.get(tokens.size() - 1).name();
        if (parent.isObject() && parent.has(key)) {
            ((ObjectNode) parent).remove(key);
        } else if (parent.isArray()) {
            int index = index(key, parent.size(), path);
            if (index < 0 || index >= parent.size()) {
                throw resolveError(path, "list index " + key);
            }
            ((ArrayNode) parent).remove(index);
        } else {
            throw resolveError(path, "key \"" + key + "\"");
        }
        return copy;
    }

    private static JsonNode unwrap(JsonNode node) {
        if (node.isObject() && node.has("$value") && node.has("$attributes") && node.size() == 2) {
            return node.get("$value");
        }
        return node;
    }

    private static int index(String text, int size, String path) {
        try {
            int index = Integer.parseInt(text);
            return index < 0 ? size + index : index;
        } catch (NumberFormatException e) {
            throw resolveError(path, "list index \"" + text + "\"");
        }
    }

    static ServerError resolveError(String path, String what) {
        return new ServerError(ErrorCodes.RESOLVE_ERROR, "Error resolving path " + path + ": no such " + what,
                Map.of("path", path));
    }
}
