package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees to and from text with Jackson's streaming parser and generator, as
 * {@code ObjectMapper.readTree} and {@code writeValueAsString} would with their defaults, but
 * without an {@code ObjectMapper}: that one takes tens of milliseconds to start (its default date
 * format loads locale data), and a job's bootstrap reads and writes JSON long before it needs
 * anything else of it.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The first JSON value in {@code text}; {@link MissingNode} when there is none. */
    public static JsonNode read(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return readValue(parser);
        }
    }

    /** The first JSON value in {@code bytes} (UTF-8); {@link MissingNode} when there is none. */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return readValue(parser);
        }
    }

    /** {@code node} as compact JSON text. */
    public static String write(JsonNode node) {
        return write(node, false);
    }

    /**
     * {@code node} as compact JSON in plain ASCII: every other character is written as a JSON
     * unicode escape. For text that passes through hands that may not keep other bytes, such as a
     * process environment handed on by a JVM whose locale is not UTF-8.
     */
    public static String writeAscii(JsonNode node) {
        return write(node, true);
    }

    private static String write(JsonNode node, boolean asciiOnly) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            if (asciiOnly) {
                generator.setHighestNonEscapedChar(0x7F);
            }
            writeValue(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** {@code node} as compact JSON in UTF-8. */
    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        // Containers are filled iteratively: a deeply nested document cannot overflow the stack.
        Deque<JsonNode> open = new ArrayDeque<>();
        while (token != null) {
            JsonNode value = null;
            switch (token) {
                case START_OBJECT -> value = NODES.objectNode();
                case START_ARRAY -> value = NODES.arrayNode();
                case END_OBJECT, END_ARRAY -> {
                    JsonNode closed = open.pop();
                    if (open.isEmpty()) {
                        return closed;
                    }
                }
                case FIELD_NAME -> { }
                case VALUE_STRING -> value = NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> value = switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> value = NODES.booleanNode(true);
                case VALUE_FALSE -> value = NODES.booleanNode(false);
                case VALUE_NULL -> value = NODES.nullNode();
                default -> throw new IOException("unexpected JSON token " + token);
            }
            if (value != null) {
                JsonNode parent = open.peek();
                if (parent instanceof ObjectNode object) {
                    // A repeated key keeps its last value, as ObjectMapper does.
                    object.replace(parser.currentName(), value);
                } else if (parent instanceof ArrayNode array) {
                    array.add(value);
                }
                if (value.isContainerNode()) {
                    open.push(value);
                } else if (parent == null) {
                    return value;
                }
            }
            token = parser.nextToken();
        }
        throw new IOException("JSON input ends inside " + (open.peek() instanceof ObjectNode ? "an object" : "an array"));
    }

    private static void writeValue(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.writeFieldName(field.getKey());
                    writeValue(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    writeValue(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.writeNumber(node.intValue());
                    case LONG -> out.writeNumber(node.longValue());
                    case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
                    case FLOAT -> out.writeNumber(node.floatValue());
                    case DOUBLE -> out.writeNumber(node.doubleValue());
                    default -> out.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case BINARY -> out.writeBinary(node.binaryValue());
            default -> throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }
}
