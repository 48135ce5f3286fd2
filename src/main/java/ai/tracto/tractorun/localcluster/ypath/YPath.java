package ai.tracto.tractorun.localcluster.ypath;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.yson.YsonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed rich YPath: an optional attribute prefix ({@code <append=%true>}), a root ({@code /}
 * or {@code #<object-id>}), the tokens, and an optional row range suffix ({@code [#1:#5]}).
 */
public record YPath(String text, Optional<String> rootObjectId, List<PathToken> tokens,
                    ObjectNode attributes, Optional<RowRange> rowRange) {

    public YPath {
        tokens = List.copyOf(tokens);
    }

    /** Parses a path given as a parameter: a string or the JSON form {"$value": .., "$attributes": ..}. */
    public static YPath fromParameter(JsonNode value, String parameter) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new ServerError(ErrorCodes.GENERIC, "Missing required parameter \"" + parameter + "\"");
        }
        if (value.isObject() && value.has("$value")) {
            YPath path = parse(value.get("$value").asText());
            ObjectNode attributes = path.attributes.deepCopy();
            if (value.has("$attributes") && value.get("$attributes").isObject()) {
                attributes.setAll((ObjectNode) value.get("$attributes"));
            }
            return new YPath(path.text, path.rootObjectId, path.tokens, attributes, path.rowRange);
        }
        if (!value.isTextual()) {
            throw new ServerError(ErrorCodes.GENERIC, "Parameter \"" + parameter + "\" must be a string path, got " + value);
        }
        return parse(value.asText());
    }

    public static YPath parse(String text) {
        return new Parser(text).parse();
    }

    public boolean attributeBoolean(String name) {
        JsonNode value = attributes.get(name);
        return value != null && (value.asBoolean() || "true".equals(value.asText()));
    }

    /** The same path without its last token; used to find where a node is created. */
    public YPath parent() {
        return new YPath(text, rootObjectId, tokens.subList(0, tokens.size() - 1), attributes, Optional.empty());
    }

    public Optional<PathToken> last() {
        return tokens.isEmpty() ? Optional.empty() : Optional.of(tokens.get(tokens.size() - 1));
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text.strip();
        }

        YPath parse() {
            ObjectNode attributes = JsonNodeFactory.instance.objectNode();
            if (text.startsWith("<")) {
                try {
                    Map.Entry<ObjectNode, Integer> prefix = YsonText.parseAttributePrefix(text);
                    attributes = prefix.getKey();
                    pos = prefix.getValue();
                } catch (IllegalArgumentException e) {
                    throw malformed(e.getMessage());
                }
                while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
            }
            Optional<String> objectId = Optional.empty();
            if (text.startsWith("#", pos)) {
                int start = ++pos;
                while (pos < text.length() && "/[&".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                objectId = Optional.of(text.substring(start, pos));
            } else if (text.startsWith("/", pos)) {
                pos++;
                if (pos < text.length() && text.charAt(pos) != '/' && text.charAt(pos) != '@') {
                    throw malformed("expected \"//\" or \"/@\" after the root");
                }
            } else {
                throw malformed("a path must start with \"/\" or \"#\"");
            }
            List<PathToken> tokens = new ArrayList<>();
            Optional<RowRange> range = Optional.empty();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '&') {
                    if (tokens.isEmpty()) {
                        throw malformed("\"&\" must follow a path token");
                    }
                    PathToken last = tokens.remove(tokens.size() - 1);
                    tokens.add(new PathToken(last.attribute(), last.name(), true));
                    pos++;
                } else if (c == '/') {
                    pos++;
                    boolean attribute = pos < text.length() && text.charAt(pos) == '@';
                    if (attribute) {
                        pos++;
                    }
                    String name = readLiteral();
                    if (!attribute && name.isEmpty()) {
                        throw malformed("empty path token");
                    }
                    tokens.add(new PathToken(attribute, name, false));
                } else if (c == '[') {
                    range = Optional.of(readRange());
                } else if (c == '{') {
                    throw new ServerError(ErrorCodes.GENERIC,
                            "Column selectors in paths are not supported by the embedded cluster: " + text);
                } else {
                    throw malformed("unexpected character '" + c + "'");
                }
            }
            return new YPath(text, objectId, tokens, attributes, range);
        }

        private String readLiteral() {
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '/' || c == '&' || c == '[' || c == '{' || c == '@') {
                    if (c == '@') {
                        throw malformed("unexpected \"@\"");
                    }
                    break;
                }
                if (c == '\\') {
                    if (pos + 1 >= text.length()) {
                        throw malformed("dangling escape");
                    }
                    char e = text.charAt(pos + 1);
                    if (e == 'x' && pos + 3 < text.length()) {
                        out.append((char) Integer.parseInt(text.substring(pos + 2, pos + 4), 16));
                        pos += 4;
                    } else {
                        out.append(e);
                        pos += 2;
                    }
                    continue;
                }
                out.append(c);
                pos++;
            }
            return out.toString();
        }

        private RowRange readRange() {
            int close = text.indexOf(']', pos);
            if (close < 0) {
                throw malformed("unterminated range");
            }
            String body = text.substring(pos + 1, close).strip();
            pos = close + 1;
            if (pos != text.length()) {
                throw malformed("a range must end the path");
            }
            int colon = body.indexOf(':');
            if (colon < 0) {
                long index = rowIndex(body).orElseThrow(() -> malformed("empty range"));
                return new RowRange(OptionalLong.of(index), OptionalLong.of(index + 1));
            }
            return new RowRange(rowIndex(body.substring(0, colon).strip()), rowIndex(body.substring(colon + 1).strip()));
        }

        private OptionalLong rowIndex(String bound) {
            if (bound.isEmpty()) {
                return OptionalLong.empty();
            }
            if (!bound.startsWith("#")) {
                throw new ServerError(ErrorCodes.GENERIC,
                        "Only row index ranges (#N) are supported by the embedded cluster, got \"" + bound + "\" in " + text);
            }
            try {
                return OptionalLong.of(Long.parseLong(bound.substring(1).strip()));
            } catch (NumberFormatException e) {
                throw malformed("bad row index \"" + bound + "\"");
            }
        }

        private ServerError malformed(String why) {
            return new ServerError(ErrorCodes.GENERIC, "Error parsing YPath \"" + text + "\": " + why);
        }
    }
}
