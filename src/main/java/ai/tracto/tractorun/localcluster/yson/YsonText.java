package ai.tracto.tractorun.localcluster.yson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes YSON text. Values map to Jackson nodes the way YTsaurus maps YSON to JSON:
 * a value with attributes becomes {@code {"$attributes": {...}, "$value": v}}, the entity
 * {@code #} becomes JSON null. Strings are read as bytes and exposed as Latin-1-free UTF-8 text.
 */
public final class YsonText {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final byte[] in;
    private int pos;

    private YsonText(byte[] in) {
        this.in = in;
    }

    /** Parses one YSON value (surrounding whitespace allowed). */
    public static JsonNode parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode parse(byte[] bytes) {
        YsonText reader = new YsonText(bytes);
        JsonNode value = reader.readValue();
        reader.skipSpaces();
        if (reader.pos != bytes.length) {
            throw reader.error("unexpected trailing data");
        }
        return value;
    }

    /** Parses a list fragment: values separated by ';' (the form of YSON tables). */
    public static List<JsonNode> parseListFragment(byte[] bytes) {
        YsonText reader = new YsonText(bytes);
        List<JsonNode> values = new ArrayList<>();
        while (true) {
            reader.skipSpaces();
            if (reader.pos >= bytes.length) {
                return values;
            }
            values.add(reader.readValue());
            reader.skipSpaces();
            if (reader.pos < bytes.length) {
                reader.expect(';');
            }
        }
    }

    /** Parses the attribute prefix {@code <a=1;b=2>} at the start of a string; returns the map and where it ended. */
    public static Map.Entry<ObjectNode, Integer> parseAttributePrefix(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        YsonText reader = new YsonText(bytes);
        reader.skipSpaces();
        ObjectNode attributes = reader.readMapBody('<', '>');
        String rest = new String(bytes, reader.pos, bytes.length - reader.pos, StandardCharsets.UTF_8);
        return Map.entry(attributes, text.length() - rest.length());
    }

    private JsonNode readValue() {
        skipSpaces();
        if (peek() == '<') {
            ObjectNode attributes = readMapBody('<', '>');
            JsonNode value = readValue();
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set("$attributes", attributes);
            wrapped.set("$value", value);
            return wrapped;
        }
        int c = peek();
        switch (c) {
            case '{':
                return readMapBody('{', '}');
            case '[':
                return readList();
            case '"':
                return NODES.textNode(readQuoted());
            case '#':
                pos++;
                return NODES.nullNode();
            case '%':
                return readPercentLiteral();
            default:
                if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                if (isIdentifierStart(c)) {
                    return NODES.textNode(readIdentifier());
                }
                throw error("unexpected character '" + (char) c + "'");
        }
    }

    private ObjectNode readMapBody(char open, char close) {
        expect(open);
        ObjectNode map = NODES.objectNode();
        while (true) {
            skipSpaces();
            if (peek() == close) {
                pos++;
                return map;
            }
            String key = readKey();
            skipSpaces();
            expect('=');
            map.set(key, readValue());
            skipSpaces();
            if (peek() == ';') {
                pos++;
            } else if (peek() != close) {
                throw error("expected ';' or '" + close + "'");
            }
        }
    }

    private ArrayNode readList() {
        expect('[');
        ArrayNode list = NODES.arrayNode();
        while (true) {
            skipSpaces();
            if (peek() == ']') {
                pos++;
                return list;
            }
            list.add(readValue());
            skipSpaces();
            if (peek() == ';') {
                pos++;
            } else if (peek() != ']') {
                throw error("expected ';' or ']'");
            }
        }
    }

    private String readKey() {
        if (peek() == '"') {
            return readQuoted();
        }
        if (isIdentifierStart(peek())) {
            return readIdentifier();
        }
        throw error("expected a map key");
    }

    private JsonNode readPercentLiteral() {
        pos++;
        String word = readIdentifier();
        switch (word) {
            case "true": return NODES.booleanNode(true);
            case "false": return NODES.booleanNode(false);
            case "nan": return NODES.numberNode(Double.NaN);
            case "inf": case "+inf": return NODES.numberNode(Double.POSITIVE_INFINITY);
            case "-inf": return NODES.numberNode(Double.NEGATIVE_INFINITY);
            default: throw error("unknown literal %" + word);
        }
    }

    private JsonNode readNumber() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        if (peek() == '%') {
            pos = start;
            return readPercentLiteral();
        }
        boolean floating = false;
        while (pos < in.length) {
            int c = in[pos];
            if ((c >= '0' && c <= '9')) {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || ((c == '-' || c == '+') && floating)) {
                floating = true;
                pos++;
            } else {
                break;
            }
        }
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (pos < in.length && in[pos] == 'u') {
            pos++;
            return NODES.numberNode(new BigInteger(text));
        }
        try {
            return floating ? NODES.numberNode(Double.parseDouble(text)) : NODES.numberNode(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw error("malformed number " + text);
        }
    }

    private String readIdentifier() {
        int start = pos;
        while (pos < in.length && isIdentifierPart(in[pos])) {
            pos++;
        }
        if (start == pos) {
            throw error("expected an identifier");
        }
        return new String(in, start, pos - start, StandardCharsets.UTF_8);
    }

    private String readQuoted() {
        expect('"');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos >= in.length) {
                throw error("unterminated string");
            }
            int c = in[pos++] & 0xff;
            if (c == '"') {
                return out.toString(StandardCharsets.UTF_8);
            }
            if (c != '\\') {
                out.write(c);
                continue;
            }
            int e = in[pos++] & 0xff;
            switch (e) {
                case 'n': out.write('\n'); break;
                case 't': out.write('\t'); break;
                case 'r': out.write('\r'); break;
                case 'x':
                    out.write(Integer.parseInt(new String(in, pos, 2, StandardCharsets.US_ASCII), 16));
                    pos += 2;
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        int end = pos - 1;
                        while (end < in.length && end < pos + 2 && in[end] >= '0' && in[end] <= '7') {
                            end++;
                        }
                        out.write(Integer.parseInt(new String(in, pos - 1, end - pos + 1, StandardCharsets.US_ASCII), 8));
                        pos = end;
                    } else {
                        out.write(e);
                    }
            }
        }
    }

    private static boolean isIdentifierStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(int c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '+';
    }

    private void skipSpaces() {
        while (pos < in.length && Character.isWhitespace(in[pos])) {
            pos++;
        }
    }

    private int peek() {
        if (pos >= in.length) {
            throw error("unexpected end of input");
        }
        return in[pos];
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Malformed YSON at offset " + pos + ": " + what);
    }

    /** Writes a Jackson value as YSON text (the inverse of {@link #parse}). */
    public static String write(JsonNode value) {
        StringBuilder out = new StringBuilder();
        writeTo(value, out);
        return out.toString();
    }

    private static void writeTo(JsonNode value, StringBuilder out) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append('#');
        } else if (value.isObject() && value.has("$value") && isAttributeWrapper(value)) {
            if (value.has("$attributes")) {
                writeMap(value.get("$attributes"), out, '<', '>');
            }
            writeTo(value.get("$value"), out);
        } else if (value.isObject()) {
            writeMap(value, out, '{', '}');
        } else if (value.isArray()) {
            out.append('[');
            for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                writeTo(it.next(), out);
                out.append(';');
            }
            out.append(']');
        } else if (value.isBoolean()) {
            out.append(value.booleanValue() ? "%true" : "%false");
        } else if (value.isBigInteger()) {
            out.append(value.bigIntegerValue()).append('u');
        } else if (value.isIntegralNumber()) {
            out.append(value.longValue());
        } else if (value.isNumber()) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                out.append("%nan");
            } else if (Double.isInfinite(d)) {
                out.append(d > 0 ? "%inf" : "%-inf");
            } else {
                String text = Double.toString(d);
                out.append(text);
            }
        } else {
            writeString(value.asText(), out);
        }
    }

    private static boolean isAttributeWrapper(JsonNode value) {
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("$value") && !name.equals("$attributes")) {
                return false;
            }
        }
        return true;
    }

    private static void writeMap(JsonNode map, StringBuilder out, char open, char close) {
        out.append(open);
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            writeString(field.getKey(), out);
            out.append('=');
            writeTo(field.getValue(), out);
            out.append(';');
        }
        out.append(close);
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
