package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.cypress.TxContext;
import ai.tracto.tractorun.localcluster.ypath.YPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Typed access to a command's parameters, with errors that name the parameter. */
final class Params {
    private final ObjectNode values;

    Params(ObjectNode values) {
        this.values = values;
    }

    ObjectNode raw() {
        return values;
    }

    Optional<JsonNode> opt(String name) {
        JsonNode value = values.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    JsonNode required(String name) {
        return opt(name).orElseThrow(() -> new ServerError(ErrorCodes.GENERIC, "Missing required parameter \"" + name + "\""));
    }

    String string(String name) {
        return required(name).asText();
    }

    Optional<String> optString(String name) {
        return opt(name).map(JsonNode::asText);
    }

    boolean bool(String name) {
        Optional<JsonNode> value = opt(name);
        if (value.isEmpty()) {
            return false;
        }
        JsonNode v = value.get();
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String text = v.asText();
        if (text.equals("true") || text.equals("1")) {
            return true;
        }
        if (text.equals("false") || text.equals("0")) {
            return false;
        }
        throw new ServerError(ErrorCodes.GENERIC, "Parameter \"" + name + "\" must be a boolean, got " + v);
    }

    OptionalLong optLong(String name) {
        Optional<JsonNode> value = opt(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(value.get().isNumber() ? value.get().longValue() : Long.parseLong(value.get().asText()));
        } catch (NumberFormatException e) {
            throw new ServerError(ErrorCodes.GENERIC, "Parameter \"" + name + "\" must be an integer, got " + value.get());
        }
    }

    Optional<List<String>> optStringList(String name) {
        Optional<JsonNode> value = opt(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        if (value.get().isArray()) {
            value.get().forEach(e -> out.add(e.asText()));
        } else {
            out.add(value.get().asText());
        }
        return Optional.of(out);
    }

    ObjectNode object(String name) {
        Optional<JsonNode> value = opt(name);
        if (value.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!value.get().isObject()) {
            throw new ServerError(ErrorCodes.GENERIC, "Parameter \"" + name + "\" must be a map, got " + value.get());
        }
        return (ObjectNode) value.get();
    }

    YPath path(String name) {
        return YPath.fromParameter(values.get(name), name);
    }

    TxContext context() {
        return new TxContext(optString("transaction_id").filter(id -> !id.equals("0-0-0-0")),
                optStringList("prerequisite_transaction_ids").orElse(List.of()));
    }
}
