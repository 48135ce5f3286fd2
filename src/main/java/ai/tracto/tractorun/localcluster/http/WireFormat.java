package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.yson.YsonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The data formats the embedded cluster speaks: JSON and YSON text. */
enum WireFormat {
    JSON("application/json"), YSON_TEXT("application/x-yt-yson-text");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    /** Reads a format description such as {@code "json"} or {@code <format=text>yson}. */
    static WireFormat fromSpec(JsonNode spec) {
        JsonNode name = spec;
        JsonNode attributes = null;
        if (spec.isObject() && spec.has("$value")) {
            name = spec.get("$value");
            attributes = spec.get("$attributes");
        }
        String text = name.asText();
        if (text.equals("json")) {
            return JSON;
        }
        if (text.equals("yson")) {
            String kind = attributes == null || !attributes.has("format") ? "text" : attributes.get("format").asText();
            if (kind.equals("text") || kind.equals("pretty")) {
                return YSON_TEXT;
            }
            throw new ServerError(ErrorCodes.GENERIC, "YSON format \"" + kind
                    + "\" is not supported by the embedded cluster; use json or <format=text>yson");
        }
        throw new ServerError(ErrorCodes.GENERIC, "Format \"" + text
                + "\" is not supported by the embedded cluster; use json or <format=text>yson");
    }

    static WireFormat fromContentType(String contentType) {
        if (contentType.startsWith("application/x-yt-yson-text") || contentType.startsWith("application/x-yt-yson-pretty")) {
            return YSON_TEXT;
        }
        return JSON;
    }

    JsonNode parse(byte[] bytes) {
        if (this == YSON_TEXT) {
            try {
                return YsonText.parse(bytes);
            } catch (IllegalArgumentException e) {
                throw new ServerError(ErrorCodes.GENERIC, e.getMessage());
            }
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ServerError(ErrorCodes.GENERIC, "Malformed JSON: " + e.getMessage());
        }
    }

    List<JsonNode> parseRows(byte[] bytes) {
        if (this == YSON_TEXT) {
            try {
                return YsonText.parseListFragment(bytes);
            } catch (IllegalArgumentException e) {
                throw new ServerError(ErrorCodes.GENERIC, e.getMessage());
            }
        }
        throw new IllegalStateException("JSON rows are streamed line by line");
    }

    byte[] write(JsonNode value) {
        if (this == YSON_TEXT) {
            return YsonText.write(value).getBytes(StandardCharsets.UTF_8);
        }
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
