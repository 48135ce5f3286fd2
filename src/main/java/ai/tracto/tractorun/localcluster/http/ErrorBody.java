package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The YTsaurus error JSON: {"code","message","attributes","inner_errors"}. */
final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {}

    static ObjectNode of(ServerError error) {
        ObjectNode out = JSON.createObjectNode();
        out.put("code", error.code());
        out.put("message", error.getMessage());
        out.set("attributes", JSON.valueToTree(error.attributes()));
        ArrayNode inner = out.putArray("inner_errors");
        for (ServerError e : error.innerErrors()) {
            inner.add(of(e));
        }
        return out;
    }
}
