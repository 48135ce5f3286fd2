package ai.tracto.tractorun.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed access to one JSON object of the bootstrap config. Every error names the key by its
 * full dotted path (e.g. {@code sidecars[1].restart_policy}), the value found and what was expected.
 */
final class ConfigFields {
    private final JsonNode node;
    private final String where;

    private ConfigFields(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    static ConfigFields of(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object, got " + describe(node));
        }
        return new ConfigFields(node, where);
    }

    String where() {
        return where;
    }

    private String key(String name) {
        return where.startsWith("the ") ? name : where + "." + name;
    }

    void allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                unknown.add(key(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknown + "; expected only "
                    + Arrays.stream(names).sorted().toList());
        }
    }

    private Optional<JsonNode> present(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private JsonNode required(String name) {
        return present(name).orElseThrow(() -> new IllegalArgumentException(key(name) + " is required"));
    }

    String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> new IllegalArgumentException(key(name) + " is required"));
    }

    Optional<String> optionalString(String name) {
        return present(name).map(v -> {
            if (!v.isTextual()) {
                throw new IllegalArgumentException(key(name) + " must be a string, got " + describe(v));
            }
            return v.asText();
        });
    }

    int requiredInt(String name) {
        JsonNode value = required(name);
        return toInt(name, value);
    }


    Optional<Integer> optionalInt(String name) {
        return present(name).map(v -> toInt(name, v));
    }

    private int toInt(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(key(name) + " must be an integer, got " + describe(value));
        }
        return value.intValue();
    }

    Optional<JsonNode> optionalNode(String name) {
        return present(name).map(JsonNode::deepCopy);
    }

    List<String> requiredStrings(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw new IllegalArgumentException(key(name) + " must be a list of strings, got " + describe(value));
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw new IllegalArgumentException(key(name) + "[" + i + "] must be a string, got " + describe(item));
            }
            result.add(item.asText());
        }
        return result;
    }

    ConfigFields object(String name) {
        return of(required(name), key(name));
    }

    /** A list of objects; an absent or null key is an empty list. */
    List<ConfigFields> objects(String name) {
        Optional<JsonNode> value = present(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw new IllegalArgumentException(key(name) + " must be a list, got " + describe(value.get()));
        }
        List<ConfigFields> result = new ArrayList<>();
        for (int i = 0; i < value.get().size(); i++) {
            result.add(of(value.get().get(i), key(name) + "[" + i + "]"));
        }
        return result;
    }

    <E> E requiredEnum(String name, Function<String, Optional<E>> parse, E[] values, Function<E, String> wire) {
        return optionalEnum(name, parse, values, wire)
                .orElseThrow(() -> new IllegalArgumentException(key(name) + " is required"));
    }

    <E> Optional<E> optionalEnum(String name, Function<String, Optional<E>> parse, E[] values,
                                 Function<E, String> wire) {
        return optionalString(name).map(text -> parse.apply(text).orElseThrow(() -> new IllegalArgumentException(
                key(name) + " must be one of " + Arrays.stream(values).map(wire).collect(Collectors.joining(", "))
                        + "; got '" + text + "'")));
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return value.getNodeType().name().toLowerCase() + " " + value;
    }
}
