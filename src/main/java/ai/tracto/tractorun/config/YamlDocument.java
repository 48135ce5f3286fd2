package ai.tracto.tractorun.config;

import ai.tracto.tractorun.TractorunConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A run-config YAML file as a JSON tree plus the line of every key path, so errors can point at
 * the line. Read with SnakeYAML's node API (rather than Jackson's tree) because only the nodes
 * keep line marks and tell a plain {@code None} from a quoted {@code "None"}.
 *
 * <p>Python spellings are honoured because the option reference and users' files come from the
 * Python tractorun: plain {@code None} is null, {@code True}/{@code False} are booleans. YAML 1.1's
 * {@code yes}/{@code no}/{@code on}/{@code off} stay strings, so they cannot silently flip a flag.
 */
record YamlDocument(JsonNode root, String file, Map<String, Integer> lines) {

    static YamlDocument read(Path path, String label, Path baseDir) {
        Path resolved = baseDir.resolve(path);
        if (!Files.isRegularFile(resolved)) {
            throw new TractorunConfigException(ConfigKeys.RUN_CONFIG_PATH, label,
                    "an existing YAML file (resolved to " + resolved.toAbsolutePath().normalize() + ")");
        }
        String text;
        try {
            text = Files.readString(resolved, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TractorunConfigException(ConfigKeys.RUN_CONFIG_PATH, label,
                    "a readable YAML file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return parse(text, label);
    }

    static YamlDocument parse(String text, String label) {
        Node node;
        try (Reader reader = new StringReader(text)) {
            node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new TractorunConfigException(ConfigKeys.RUN_CONFIG_PATH + " " + label + " line " + line,
                    "invalid YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException | IOException e) {
            throw new TractorunConfigException(ConfigKeys.RUN_CONFIG_PATH + " " + label,
                    "invalid YAML: " + oneLine(e.getMessage()));
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root = node == null ? JsonNodeFactory.instance.objectNode() : convert(node, "", lines, label);
        return new YamlDocument(root, label, Map.copyOf(lines));
    }

    Where where(String path, Path baseDir) {
        return Where.yaml(path, file, lines, baseDir);
    }

    private static JsonNode convert(Node node, String path, Map<String, Integer> lines, String label) {
        lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                String child = path.isEmpty() ? key : path + "." + key;
                int line = tuple.getKeyNode().getStartMark().getLine() + 1;
                if (object.has(key)) {
                    throw new TractorunConfigException(child + " (" + label + " line " + line + ")",
                            "duplicate key '" + key + "', expected each key once");
                }
                lines.put(child, line);
                object.set(key, convert(tuple.getValueNode(), child, lines, label));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                array.add(convert(sequence.getValue().get(i), path + "[" + i + "]", lines, label));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String text = scalar.getValue();
        if (!scalar.isPlain()) {
            return f.textNode(text);
        }
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag) || text.equals("None")) {
            return f.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (text) {
                case "true", "True", "TRUE" -> f.booleanNode(true);
                case "false", "False", "FALSE" -> f.booleanNode(false);
                default -> f.textNode(text);
            };
        }
        String digits = text.replace("_", "");
        if (Tag.INT.equals(tag)) {
            try {
                BigInteger value = new BigInteger(digits);
                return value.bitLength() < 32 ? f.numberNode(value.intValue())
                        : value.bitLength() < 64 ? f.numberNode(value.longValue()) : f.numberNode(value);
            } catch (NumberFormatException e) {
                return f.textNode(text);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return f.numberNode(Double.parseDouble(digits));
            } catch (NumberFormatException e) {
                return f.textNode(text);
            }
        }
        return f.textNode(text);
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
