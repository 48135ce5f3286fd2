package ai.tracto.tractorun.toolbox;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A URL in an operation description. The UI shows a string tagged {@code _type_tag=url} as a
 * link, so in JSON it is {@code {"$value": url, "$attributes": {"_type_tag": "url"}}}, as the
 * Python tractorun writes it.
 */
public record Link(String url) {
    public Link {
        Objects.requireNonNull(url, "url");
    }

    @JsonValue
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("$value", url);
        node.putObject("$attributes").put("_type_tag", "url");
        return node;
    }
}
