package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class YsonTextReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void readsMapsWithQuotedAndUnquotedStrings() throws Exception {
        assertThat(YsonTextReader.parse("{a=1; b=\"x y\"; c=hello; \"d e\"=-2;}"))
                .isEqualTo(json("{\"a\":1,\"b\":\"x y\",\"c\":\"hello\",\"d e\":-2}"));
    }

    @Test
    void readsListsNestedStructuresAndTrailingSeparators() throws Exception {
        assertThat(YsonTextReader.parse("[1; [2; {k=[]}]; {};]"))
                .isEqualTo(json("[1,[2,{\"k\":[]}],{}]"));
    }

    @Test
    void readsBooleansEntityAndDoubles() throws Exception {
        assertThat(YsonTextReader.parse("{t=%true; f=%false; n=#; d=1.5; e=-2e3}"))
                .isEqualTo(json("{\"t\":true,\"f\":false,\"n\":null,\"d\":1.5,\"e\":-2000.0}"));
    }

    @Test
    void readsUnsignedIntegers() {
        assertThat(YsonTextReader.parse("42u").asLong()).isEqualTo(42);
        assertThat(YsonTextReader.parse("18446744073709551615u").bigIntegerValue())
                .isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void readsAttributesAsDollarMaps() throws Exception {
        assertThat(YsonTextReader.parse("<append=%true; x=\"1\">\"//tmp/t\""))
                .isEqualTo(json("{\"$attributes\":{\"append\":true,\"x\":\"1\"},\"$value\":\"//tmp/t\"}"));
        assertThat(YsonTextReader.parse("{f=<format=text>yson}").path("f").path("$attributes").path("format").asText())
                .isEqualTo("text");
    }

    @Test
    void decodesEscapesIncludingUtf8Bytes() {
        assertThat(YsonTextReader.parse("\"a\\\"b\\n\\t\\\\c\\xc3\\xa9\"").asText()).isEqualTo("a\"b\n\t\\cé");
        assertThat(YsonTextReader.parse("\"данные\"").asText()).isEqualTo("данные");
    }

    @Test
    void readsAMultiLineConfig() throws Exception {
        String config = "{\n  proxy = {\n    url = \"cluster.example.com\";\n  };\n  token = \"abc\";\n}\n";

        assertThat(YsonTextReader.parse(config))
                .isEqualTo(json("{\"proxy\":{\"url\":\"cluster.example.com\"},\"token\":\"abc\"}"));
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> YsonTextReader.parse("{\n  a = 1\n  b = 2\n}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("YSON syntax error at line 3, column 3: expected ';' or '}'");
        assertThatThrownBy(() -> YsonTextReader.parse("{a=\"open"))
                .hasMessage("YSON syntax error at line 1, column 9: unterminated string");
        assertThatThrownBy(() -> YsonTextReader.parse("1 2"))
                .hasMessage("YSON syntax error at line 1, column 3: unexpected '2' after the value");
        assertThatThrownBy(() -> YsonTextReader.parse("%maybe"))
                .hasMessage("YSON syntax error at line 1, column 1: unknown literal '%maybe'");
    }
}
