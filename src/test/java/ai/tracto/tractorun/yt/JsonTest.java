package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Json} reads and writes trees exactly as an {@code ObjectMapper} with its defaults does. */
class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> documents() {
        return List.of(
                "{}", "[]", "0", "-7", "\"text\"", "true", "false", "null", "  {\"a\" : 1 }  ",
                "{\"a\":{\"b\":[1,[2,[3,{}]],{\"c\":null}]},\"d\":[]}",
                "{\"int\":2147483647,\"long\":2147483648,\"negLong\":-9223372036854775808,"
                        + "\"big\":123456789012345678901234567890,\"float\":1.5,\"exp\":-2.5e-300,\"zero\":0.0}",
                "{\"escapes\":\"tab\\t quote\\\" slash\\\\ unicode \\u00e9 \\ud83d\\ude00 nl\\n\"}",
                "{\"dup\":1,\"dup\":{\"x\":2}}",
                "[\"ünïcödé\",\"日本語\",\"\"]",
                "{\"a\":1} trailing words",
                "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void readsTheTreeTheMapperReads(String document) throws Exception {
        JsonNode expected = MAPPER.readTree(document);

        assertThat(Json.read(document)).isEqualTo(expected);
        assertThat(Json.read(document.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void writesTheTextTheMapperWrites(String document) throws Exception {
        JsonNode tree = MAPPER.readTree(document);

        assertThat(Json.write(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(Json.bytes(tree)).isEqualTo(MAPPER.writeValueAsBytes(tree));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void writesPlainAsciiThatReadsBackAsTheSameTree(String document) throws Exception {
        JsonNode tree = MAPPER.readTree(document);

        String ascii = Json.writeAscii(tree);

        assertThat(ascii.chars().allMatch(c -> c < 0x80)).as(ascii).isTrue();
        assertThat(Json.read(ascii)).isEqualTo(tree);
    }

    @Test
    void escapesEachCharacterOutsideAsciiAsAUnicodeEscape() throws Exception {
        JsonNode tree = MAPPER.readTree("[\"ünï\",\"日\",\"\ud83d\ude00\"]");

        assertThat(Json.writeAscii(tree)).isEqualTo("[\"\\u00FCn\\u00EF\",\"\\u65E5\",\"\\uD83D\\uDE00\"]");
    }

    @Test
    void keepsEachNumbersKind() throws Exception {
        JsonNode node = Json.read("[1,4294967296,18446744073709551616,0.25]");

        assertThat(node.get(0).getNodeType()).isEqualTo(JsonNodeType.NUMBER);
        assertThat(node.get(0).isInt()).isTrue();
        assertThat(node.get(1).isLong()).isTrue();
        assertThat(node.get(2).isBigInteger()).isTrue();
        assertThat(node.get(2).bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(node.get(3).isDouble()).isTrue();
    }

    @Test
    void writesEveryKindOfNodeTheMapperWrites() throws Exception {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode tree = nodes.objectNode();
        tree.put("float", 1.25f);
        tree.put("decimal", new BigDecimal("12345678901234567890.125"));
        tree.put("binary", new byte[] {1, 2, 3, (byte) 255});
        tree.put("short", (short) 3);
        tree.putArray("empty");
        tree.putNull("nothing");

        assertThat(Json.write(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
    }

    @Test
    void emptyInputIsAMissingNode() throws Exception {
        assertThat(Json.read("")).isSameAs(MissingNode.getInstance());
        assertThat(Json.read("   \n")).isSameAs(MissingNode.getInstance());
        assertThat(Json.read(new byte[0])).isSameAs(MissingNode.getInstance());
    }

    @Test
    void malformedInputFailsAsTheMappersDoes() {
        for (String broken : List.of("{\"a\":", "[1,2", "{\"a\" 1}", "nul", "{\"a\":1,}", "]")) {
            assertThatThrownBy(() -> Json.read(broken)).as(broken).isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> MAPPER.readTree(broken)).as(broken).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void refusesNodesThatAreNotJson() {
        assertThatThrownBy(() -> Json.write(MissingNode.getInstance()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MISSING");
    }
}
