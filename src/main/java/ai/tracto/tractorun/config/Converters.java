package ai.tracto.tractorun.config;

import ai.tracto.tractorun.BindAttributes;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.RestartPolicy;
import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.TractorunConfigException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The converters of every option value, one rule set per kind of value. */
final class Converters {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtp])(?:i?b)?|b)?", Pattern.CASE_INSENSITIVE);

    private Converters() {}

    /**
     * The mapper of JSON-valued flags, made when one is first read: a mapper takes tens of
     * milliseconds of a cold JVM, and most command lines have no JSON value at all.
     */
    private static final class JsonFlags {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    // ---------------------------------------------------------------- scalars

    static final Converter<String> NON_EMPTY_STRING = scalar("a non-empty string", Converters::nonEmpty);

    static final Converter<String> CYPRESS_PATH = scalar("a Cypress path starting with //", (text, where) -> {
        nonEmpty(text, where);
        if (!text.startsWith("//")) {
            throw invalid(where, text, "a Cypress path starting with //");
        }
        return text;
    });

    static final Converter<Integer> POSITIVE_INT = integer(1);
    static final Converter<Integer> NON_NEGATIVE_INT = integer(0);

    static final Converter<Double> CPU_CORES = new Converter<>() {
        @Override
        public Double fromText(String text, Where where) {
            try {
                return check(Double.parseDouble(text.trim()), text, where);
            } catch (NumberFormatException e) {
                throw invalid(where, text, "a positive number of CPU cores, e.g. 4 or 0.5");
            }
        }

        @Override
        public Double fromNode(JsonNode node, Where where) {
            if (!node.isNumber()) {
                throw invalid(where, node.toString(), "a positive number of CPU cores, e.g. 4 or 0.5");
            }
            return check(node.doubleValue(), show(node), where);
        }

        private Double check(double cores, String shown, Where where) {
            if (!(cores > 0) || Double.isInfinite(cores)) {
                throw invalid(where, shown, "a positive number of CPU cores, e.g. 4 or 0.5");
            }
            return cores;
        }
    };

    /** Bytes, or a size with a binary unit: 16G = 16GiB = 16 * 2^30 bytes, 512M, 1.5G. */
    static final Converter<Long> MEMORY_BYTES = new Converter<>() {
        private static final String EXPECTED =
                "a positive number of bytes or a size such as 512M, 16G, 16GiB or 1.5G";

        @Override
        public Long fromText(String text, Where where) {
            Matcher m = SIZE.matcher(text.trim());
            if (!m.matches()) {
                throw invalid(where, text, EXPECTED);
            }
            int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
            BigInteger bytes = new BigDecimal(m.group(1))
                    .multiply(new BigDecimal(BigInteger.ONE.shiftLeft(10 * power))).toBigInteger();
            if (bytes.signum() <= 0 || bytes.bitLength() > 63) {
                throw invalid(where, text, EXPECTED);
            }
            return bytes.longValueExact();
        }

        @Override
        public Long fromNode(JsonNode node, Where where) {
            if (node.isIntegralNumber()) {
                if (!node.canConvertToLong() || node.longValue() <= 0) {
                    throw invalid(where, show(node), EXPECTED);
                }
                return node.longValue();
            }
            if (node.isTextual()) {
                return fromText(node.textValue(), where);
            }
            throw invalid(where, show(node), EXPECTED);
        }
    };

    static final Converter<Boolean> BOOLEAN = new Converter<>() {
        @Override
        public Boolean fromText(String text, Where where) {
            // Python spellings too: the spec's own examples write "--local True".
            return switch (text) {
                case "true", "True", "TRUE" -> true;
                case "false", "False", "FALSE" -> false;
                default -> throw invalid(where, text, "true or false");
            };
        }

        @Override
        public Boolean fromNode(JsonNode node, Where where) {
            if (!node.isBoolean()) {
                throw invalid(where, show(node), "true or false");
            }
            return node.booleanValue();
        }
    };

    static <E extends Enum<E>> Converter<E> enumeration(E[] values, Function<E, String> wireName,
                                                       Function<String, Optional<E>> fromWireName) {
        String allowed = Arrays.stream(values).map(wireName).collect(Collectors.joining(", "));
        return scalar("one of " + allowed, (text, where) -> fromWireName.apply(text)
                .orElseThrow(() -> invalid(where, text, "one of " + allowed)));
    }

    // ---------------------------------------------------------------- JSON documents

    static final Converter<JsonNode> ANY_JSON = json("a JSON value such as {\"a\": \"b\"}", (node, where) -> node);

    static final Converter<ObjectNode> JSON_OBJECT = json("a JSON object such as {\"title\": \"custom title\"}",
            (node, where) -> {
                if (!node.isObject()) {
                    throw invalid(where, show(node), "a JSON object such as {\"title\": \"custom title\"}");
                }
                return (ObjectNode) node;
            });

    static final Converter<EnvVariable> ENV_VARIABLE = json(
            "a JSON object such as {\"name\": \"MY_VAR\", \"value\": \"123\"} or "
                    + "{\"name\": \"MY_VAR\", \"cypress_path\": \"//path\"}",
            (node, where) -> {
                ObjectNode object = object(node, where, "an object with name and value or cypress_path");
                allowKeys(object, where, "name", "value", "cypress_path");
                String name = requiredText(object, "name", where);
                if (!ENV_NAME.matcher(name).matches()) {
                    throw invalid(where.key("name"), name, "a variable name of letters, digits and _");
                }
                Optional<String> value = optionalText(object, "value", where);
                Optional<String> cypressPath = optionalText(object, "cypress_path", where)
                        .map(path -> CYPRESS_PATH.fromText(path, where.key("cypress_path")));
                if (value.isPresent() == cypressPath.isPresent()) {
                    throw new TractorunConfigException(where.render(), "variable " + name
                            + (value.isPresent() ? " has both value and cypress_path" : " has neither value nor cypress_path")
                            + ", expected exactly one of them");
                }
                return new EnvVariable(name, value, cypressPath);
            });

    static final Converter<Sidecar> SIDECAR = json(
            "a JSON object such as {\"command\": [\"python\", \"script.py\"], \"restart_policy\": \"always\"}",
            (node, where) -> {
                ObjectNode object = object(node, where, "an object with command and restart_policy");
                allowKeys(object, where, "command", "restart_policy");
                List<String> command = stringList(required(object, "command", where), where.key("command"));
                if (command.isEmpty()) {
                    throw invalid(where.key("command"), "[]", "a non-empty list of strings");
                }
                RestartPolicy policy = enumeration(RestartPolicy.values(), RestartPolicy::wireName,
                        RestartPolicy::fromWireName)
                        .fromNode(required(object, "restart_policy", where), where.key("restart_policy"));
                return new Sidecar(command, policy);
            });

    // ---------------------------------------------------------------- binds

    static final Converter<BindLocal> BIND_LOCAL = bind(
            "source:destination or {\"source\": \"./local_path\", \"destination\": \"/path/in/container\"}",
            (object, where) -> {
                allowKeys(object, where, "source", "destination");
                return localBind(requiredText(object, "source", where),
                        requiredText(object, "destination", where), where);
            },
            (source, destination, where) -> localBind(source, destination, where));

    static final Converter<BindCypress> BIND_CYPRESS = bind(
            "//source:destination or {\"source\": \"//tmp/path\", \"destination\": \"/path/in/container\", "
                    + "\"attributes\": {\"executable\": true}}",
            (object, where) -> {
                allowKeys(object, where, "source", "destination", "attributes");
                String source = CYPRESS_PATH.fromText(requiredText(object, "source", where), where.key("source"));
                String destination = nonEmpty(requiredText(object, "destination", where), where.key("destination"));
                JsonNode attributes = object.get("attributes");
                return new BindCypress(source, destination, attributes == null || attributes.isNull()
                        ? BindAttributes.defaults() : attributes(attributes, where.key("attributes")));
            },
            (source, destination, where) ->
                    new BindCypress(CYPRESS_PATH.fromText(source, where), destination));

    static final Converter<String> LOCAL_LIBRARY = scalar("a local library path", (text, where) -> {
        existingLocalPath(nonEmpty(text, where), where, "an existing local library directory");
        return text;
    });

    private static BindAttributes attributes(JsonNode node, Where where) {
        ObjectNode object = object(node, where, "an object with executable, format, bypass_artifact_cache");
        allowKeys(object, where, "executable", "format", "bypass_artifact_cache");
        BindAttributes.Builder builder = BindAttributes.builder();
        JsonNode executable = object.get("executable");
        if (executable != null && !executable.isNull()) {
            builder.executable(BOOLEAN.fromNode(executable, where.key("executable")));
        }
        optionalText(object, "format", where).ifPresent(builder::format);
        JsonNode bypass = object.get("bypass_artifact_cache");
        if (bypass != null && !bypass.isNull()) {
            builder.bypassArtifactCache(BOOLEAN.fromNode(bypass, where.key("bypass_artifact_cache")));
        }
        return builder.build();
    }

    private static BindLocal localBind(String source, String destination, Where where) {
        existingLocalPath(source, where, "an existing local file or directory");
        return new BindLocal(source, destination);
    }

    private static void existingLocalPath(String source, Where where, String expectation) {
        Path resolved;
        try {
            resolved = where.baseDir().resolve(source);
        } catch (InvalidPathException e) {
            throw invalid(where, source, expectation);
        }
        if (!Files.exists(resolved)) {
            throw new TractorunConfigException(where.render(), "source '" + source
                    + "' does not exist (resolved to " + resolved.toAbsolutePath().normalize()
                    + "), expected " + expectation);
        }
    }

    private interface ObjectReader<T> {
        T read(ObjectNode object, Where where);
    }

    private interface PairReader<T> {
        T read(String source, String destination, Where where);
    }

    /** A bind is {@code source:destination} text or a JSON/YAML object. */
    private static <T> Converter<T> bind(String expected, ObjectReader<T> objectReader, PairReader<T> pairReader) {
        return new Converter<>() {
            @Override
            public T fromText(String text, Where where) {
                if (text.trim().startsWith("{")) {
                    return fromNode(parseJson(text, where, expected), where);
                }
                int colon = text.indexOf(':');
                if (colon < 0) {
                    throw invalid(where, text, expected + " (no ':' between source and destination)");
                }
                String source = text.substring(0, colon);
                String destination = text.substring(colon + 1);
                if (source.isBlank() || destination.isBlank()) {
                    throw invalid(where, text, expected + " (both sides of ':' must be non-empty)");
                }
                return pairReader.read(source, destination, where);
            }

            @Override
            public T fromNode(JsonNode node, Where where) {
                if (node.isTextual()) {
                    return fromText(node.textValue(), where);
                }
                return objectReader.read(object(node, where, expected), where);
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    private interface TextRule<T> {
        T apply(String text, Where where);
    }

    private interface NodeRule<T> {
        T apply(JsonNode node, Where where);
    }

    /** A value that is a string in YAML and plain text on the command line. */
    private static <T> Converter<T> scalar(String expectation, TextRule<T> rule) {
        return new Converter<>() {
            @Override
            public T fromText(String text, Where where) {
                return rule.apply(text, where);
            }

            @Override
            public T fromNode(JsonNode node, Where where) {
                if (!node.isTextual()) {
                    throw invalid(where, show(node), expectation);
                }
                return rule.apply(node.textValue(), where);
            }
        };
    }

    /** A value written as JSON on the command line and as a nested document in YAML. */
    private static <T> Converter<T> json(String expected, NodeRule<T> rule) {
        return new Converter<>() {
            @Override
            public T fromText(String text, Where where) {
                return rule.apply(parseJson(text, where, expected), where);
            }

            @Override
            public T fromNode(JsonNode node, Where where) {
                return rule.apply(node, where);
            }
        };
    }

    private static Converter<Integer> integer(int minimum) {
        String expected = minimum == 1 ? "a positive integer" : "a non-negative integer";
        return new Converter<>() {
            @Override
            public Integer fromText(String text, Where where) {
                try {
                    return check(Integer.parseInt(text.trim()), text, where);
                } catch (NumberFormatException e) {
                    throw invalid(where, text, expected);
                }
            }

            @Override
            public Integer fromNode(JsonNode node, Where where) {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    // node.toString() quotes a string, which is exactly what is wrong with "3".
                    throw invalid(where, node.toString(), expected);
                }
                return check(node.intValue(), show(node), where);
            }

            private Integer check(int value, String shown, Where where) {
                if (value < minimum) {
                    throw invalid(where, shown, expected);
                }
                return value;
            }
        };
    }

    static JsonNode parseJson(String text, Where where, String expected) {
        try {
            JsonNode node = JsonFlags.MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw invalid(where, text, expected);
            }
            return node;
        } catch (JsonProcessingException e) {
            String problem = String.valueOf(e.getOriginalMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " ");
            String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new TractorunConfigException(where.render(), "malformed JSON '" + oneLine(text) + "'"
                    + column + " (" + problem + "), expected " + expected);
        }
    }

    static String nonEmpty(String text, Where where) {
        if (text.isBlank()) {
            throw invalid(where, text, "a non-empty string");
        }
        return text;
    }

    static List<String> stringList(JsonNode node, Where where) {
        if (!node.isArray()) {
            throw invalid(where, show(node), "a list of strings such as [\"python3\", \"main.py\"]");
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw invalid(where.index(i), show(item), "a string");
            }
            items.add(item.textValue());
        }
        return items;
    }

    private static ObjectNode object(JsonNode node, Where where, String expected) {
        if (!node.isObject()) {
            throw invalid(where, show(node), expected);
        }
        return (ObjectNode) node;
    }

    private static void allowKeys(ObjectNode object, Where where, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new TractorunConfigException(where.key(name).render(),
                        "unknown key '" + name + "', expected one of: " + String.join(", ", allowed));
            }
        }
    }

    private static JsonNode required(ObjectNode object, String key, Where where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            throw new TractorunConfigException(where.key(key).render(), "missing required key '" + key + "'");
        }
        return value;
    }

    private static String requiredText(ObjectNode object, String key, Where where) {
        JsonNode value = required(object, key, where);
        if (!value.isTextual()) {
            throw invalid(where.key(key), show(value), "a string");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(ObjectNode object, String key, Where where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(where.key(key), show(value), "a string");
        }
        return Optional.of(value.textValue());
    }

    static TractorunConfigException invalid(Where where, String value, String expectation) {
        return new TractorunConfigException(where.render(), value, expectation);
    }

    static String show(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }
}
