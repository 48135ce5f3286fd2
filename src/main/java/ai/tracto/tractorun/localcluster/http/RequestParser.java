package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads formats and parameters from a request the way the YTsaurus HTTP proxy does. */
final class RequestParser {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final int MAX_HEADER_PARTS = 1000;

    private RequestParser() {}

    /** A header as sent, or the concatenation of its split parts {@code Name0..}/{@code Name-0..}, base64-decoded. */
    static Optional<String> gatherHeader(Headers headers, String name) {
        String whole = headers.getFirst(name);
        if (whole != null) {
            return Optional.of(whole);
        }
        for (String separator : new String[] {"", "-"}) {
            StringBuilder joined = new StringBuilder();
            int part = 0;
            while (part < MAX_HEADER_PARTS && headers.getFirst(name + separator + part) != null) {
                joined.append(headers.getFirst(name + separator + part));
                part++;
            }
            if (part > 0) {
                try {
                    return Optional.of(new String(Base64.getDecoder().decode(joined.toString()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new ServerError(ErrorCodes.GENERIC, "Header " + name + separator + "N is not valid base64");
                }
            }
        }
        return Optional.empty();
    }

    static WireFormat headerFormat(Headers headers) {
        return gatherHeader(headers, "X-YT-Header-Format")
                .map(spec -> WireFormat.fromSpec(WireFormat.YSON_TEXT.parse(spec.getBytes(StandardCharsets.UTF_8))))
                .orElse(WireFormat.JSON);
    }

    static Optional<WireFormat> format(Headers headers, String name, WireFormat headerFormat) {
        return gatherHeader(headers, name).map(value -> WireFormat.fromSpec(formatSpec(value.strip(), headerFormat)));
    }

    /** A bare word ({@code json}) is taken as the format name even where the header format is JSON. */
    private static JsonNode formatSpec(String value, WireFormat headerFormat) {
        if (value.matches("[a-z_]+")) {
            return JsonNodeFactory.instance.textNode(value);
        }
        return headerFormat.parse(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Parameters from the query string, where integer-looking values are int64 and brackets nest. */
    static ObjectNode queryParameters(String rawQuery) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            JsonNode parsed = INTEGER.matcher(value).matches() && value.length() < 19
                    ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                    : JsonNodeFactory.instance.textNode(value);
            ObjectNode target = out;
            String[] parts = key.split("\\[");
            for (int i = 0; i < parts.length - 1; i++) {
                String part = stripBracket(parts[i]);
                JsonNode next = target.get(part);
                target = next instanceof ObjectNode ? (ObjectNode) next : target.putObject(part);
            }
            target.set(stripBracket(parts[parts.length - 1]), parsed);
        }
        return out;
    }

    private static String stripBracket(String part) {
        return part.endsWith("]") ? part.substring(0, part.length() - 1) : part;
    }

    static void patch(ObjectNode into, JsonNode patch, String source) {
        if (!patch.isObject()) {
            throw new ServerError(ErrorCodes.GENERIC, "Parameters in " + source + " must be a map, got " + patch);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            into.set(field.getKey(), field.getValue());
        }
    }
}
