package ai.tracto.tractorun.localcluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error the embedded cluster answers with: the same code, message, attributes and inner
 * errors a real YTsaurus proxy would send (see {@link ErrorCodes}).
 */
public final class ServerError extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int code;
    private final Map<String, Object> attributes;
    private final List<ServerError> innerErrors;

    public ServerError(int code, String message) {
        this(code, message, Map.of(), List.of());
    }

    public ServerError(int code, String message, Map<String, Object> attributes) {
        this(code, message, attributes, List.of());
    }

    public ServerError(int code, String message, Map<String, Object> attributes,
                       List<ServerError> innerErrors) {
        super(message);
        this.code = code;
        this.attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        this.innerErrors = List.copyOf(Objects.requireNonNull(innerErrors, "innerErrors"));
    }

    public int code() {
        return code;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    public List<ServerError> innerErrors() {
        return innerErrors;
    }

    /** The error JSON a proxy sends: {@code {"code","message","attributes","inner_errors"}}. */
    public ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("code", code);
        out.put("message", getMessage());
        out.set("attributes", JSON.valueToTree(attributes));
        ArrayNode inner = out.putArray("inner_errors");
        for (ServerError e : innerErrors) {
            inner.add(e.toJson());
        }
        return out;
    }
}
