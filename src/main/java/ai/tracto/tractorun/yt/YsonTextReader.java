package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads YSON text (the format of {@code ~/.yt/config}) into Jackson nodes: maps
 * {@code {a=1;b="x"}}, lists {@code [1;2]}, quoted and unquoted strings, {@code %true},
 * {@code %false}, entity {@code #} (null), integers, {@code 1u} unsigned integers, doubles and
 * attributes {@code <a=1>v}, which become {@code {"$attributes":{..},"$value":v}} as in YTsaurus JSON.
 */
final class YsonTextReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String text;
    private int pos;

    private YsonTextReader(String text) {
        this.text = text;
    }

    /** Parses one YSON value; anything but whitespace after it is an error. */
    static JsonNode parse(String text) {
        YsonTextReader reader = new YsonTextReader(text);
        JsonNode value = reader.value();
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected '" + text.charAt(reader.pos) + "' after the value");
        }
        return value;
    }

    private JsonNode value() {
        skipWhitespace();
        if (peek() == '<') {
            pos++;
            ObjectNode attributes = items('>');
            JsonNode node = value();
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set("$attributes", attributes);
            wrapped.set("$value", node);
            return wrapped;
        }
        char c = peek();
        switch (c) {
            case '{':
                pos++;
                return items('}');
            case '[':
                pos++;
                return list();
            case '"':
                return NODES.textNode(quoted());
            case '#':
                pos++;
                return NODES.nullNode();
            case '%':
                return literal();
            default:
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    return number();
                }
                if (Character.isLetter(c) || c == '_') {
                    return NODES.textNode(unquoted());
                }
                throw error("unexpected '" + c + "'");
        }
    }

    private ObjectNode items(char close) {
        ObjectNode map = NODES.objectNode();
        while (true) {
            skipWhitespace();
            if (peek() == close) {
                pos++;
                return map;
            }
            String key = peek() == '"' ? quoted() : unquoted();
            skipWhitespace();
            expect('=');
            map.set(key, value());
            skipWhitespace();
            if (peek() == ';') {
                pos++;
            } else if (peek() != close) {
                throw error("expected ';' or '" + close + "'");
            }
        }
    }

    private ArrayNode list() {
        ArrayNode list = NODES.arrayNode();
        while (true) {
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            list.add(value());
            skipWhitespace();
            if (peek() == ';') {
                pos++;
            } else if (peek() != ']') {
                throw error("expected ';' or ']'");
            }
        }
    }

    private JsonNode literal() {
        int start = pos++;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "%true": return NODES.booleanNode(true);
            case "%false": return NODES.booleanNode(false);
            case "%nan": return NODES.numberNode(Double.NaN);
            case "%inf": return NODES.numberNode(Double.POSITIVE_INFINITY);
            default:
                if (word.equals("%") && text.startsWith("-inf", pos)) {
                    pos += 4;
                    return NODES.numberNode(Double.NEGATIVE_INFINITY);
                }
                pos = start;
                throw error("unknown literal '" + word + "'");
        }
    }

    private JsonNode number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        boolean isDouble = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E'
                    || ((c == '-' || c == '+') && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E'))) {
                isDouble = true;
                pos++;
            } else {
                break;
            }
        }
        String literal = text.substring(start, pos);
        try {
            if (isDouble) {
                return NODES.numberNode(Double.parseDouble(literal));
            }
            if (pos < text.length() && text.charAt(pos) == 'u') {
                pos++;
                BigInteger unsigned = new BigInteger(literal);
                if (unsigned.bitLength() < 32) {
                    return NODES.numberNode(unsigned.intValue());
                }
                return unsigned.bitLength() < 64 ? NODES.numberNode(unsigned.longValue()) : NODES.numberNode(unsigned);
            }
            long value = Long.parseLong(literal);
            // Small values as int nodes, as Jackson reads JSON, so parsed configs compare equal to JSON.
            return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number '" + literal + "'");
        }
    }

    private String unquoted() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/') {
                pos++;
            } else {
                break;
            }
        }
        if (start == pos) {
            throw error("expected a string");
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        expect('"');
        // Escapes such as \xFF denote bytes; collect bytes and decode once so UTF-8 sequences survive.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (c != '\\') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n': bytes.write('\n'); break;
                case 't': bytes.write('\t'); break;
                case 'r': bytes.write('\r'); break;
                case '0': bytes.write(0); break;
                case 'x':
                    if (pos + 2 > text.length()) {
                        throw error("truncated \\x escape");
                    }
                    bytes.write(Integer.parseInt(text.substring(pos, pos + 2), 16));
                    pos += 2;
                    break;
                default: bytes.writeBytes(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void expect(char c) {
        skipWhitespace();
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new IllegalArgumentException("YSON syntax error at line " + line + ", column " + column + ": " + what);
    }
}
