package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's part of the operation description: {@link #set(Map)} puts a map under
 * {@code annotations/description/extra} with {@code update_operation_parameters}, where the
 * operation page shows it, exactly as the Python tractorun's {@code description_manager} does.
 */
public final class DescriptionManager {

    private final YtClient yt;
    private final Optional<String> operationId;
    private final Optional<String> cypressLinkTemplate;

    /**
     * @param operationId the running operation; absent when the code runs outside an operation,
     *     where {@link #set(Map)} then fails with a message saying so
     * @param cypressLinkTemplate the cluster config's {@code cypress_link_template}, with {@code {path}}
     */
    public DescriptionManager(YtClient yt, Optional<String> operationId, Optional<String> cypressLinkTemplate) {
        this.yt = Objects.requireNonNull(yt, "yt");
        this.operationId = Objects.requireNonNull(operationId, "operationId");
        this.cypressLinkTemplate = Objects.requireNonNull(cypressLinkTemplate, "cypressLinkTemplate");
    }

    /**
     * Replaces the user description with {@code description}: strings, numbers, booleans,
     * lists, nested maps, Jackson trees and {@link Link}s.
     */
    public void set(Map<String, ?> description) {
        Objects.requireNonNull(description, "description");
        String id = operationId.orElseThrow(() -> new IllegalStateException(
                "the description can only be set inside a tractorun operation: YT_OPERATION_ID is not set"));
        yt.updateOperationParameters(id, parameters(description));
    }

    /** Sets a description given as a JSON object. */
    public void set(JsonNode description) {
        if (!description.isObject()) {
            throw new IllegalArgumentException("description must be a JSON object, got " + description.getNodeType());
        }
        set(ToolboxJson.MAPPER.convertValue(description, new TypeReference<Map<String, Object>>() { }));
    }

    /** A link to {@code path} in the cluster's web UI, when the cluster config has a template for it. */
    public Optional<Link> cypressLink(String path) {
        Objects.requireNonNull(path, "path");
        return cypressLinkTemplate.map(template -> new Link(template.replace("{path}", quote(path))));
    }

    /** The {@code parameters} of update_operation_parameters for {@code description}. */
    static ObjectNode parameters(Map<String, ?> description) {
        ObjectNode parameters = ToolboxJson.MAPPER.createObjectNode();
        parameters.putObject("annotations").putObject("description")
                .set("extra", ToolboxJson.MAPPER.valueToTree(description));
        return parameters;
    }

    /** Percent-encodes like Python's {@code urllib.parse.quote}: letters, digits, {@code _.-~} and {@code /} stay. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
