package ai.tracto.tractorun.localcluster.yson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YsonTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsMapsListsScalarsAndAttributes() throws Exception {
        assertThat(YsonText.parse("<a=1>{k=v; \"q\"=[1;-2.5;%true;#;12u]; e=\"\\n\\x41\"}").toString())
                .isEqualTo(JSON.readTree("{\"$attributes\":{\"a\":1},\"$value\":{\"k\":\"v\",\"q\":[1,-2.5,true,null,12],\"e\":\"\\nA\"}}").toString());
    }

    @Test
    void writesWhatItReads() throws Exception {
        var value = JSON.readTree("{\"$attributes\":{\"format\":\"text\"},\"$value\":\"yson\"}");
        assertThat(YsonText.write(value)).isEqualTo("<\"format\"=\"text\";>\"yson\"");
        assertThat(YsonText.parse(YsonText.write(value))).isEqualTo(value);
    }

    @Test
    void readsListFragments() throws Exception {
        assertThat(YsonText.parseListFragment("{a=1};{a=2};".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("[{\"a\":1}, {\"a\":2}]");
    }

    @Test
    void malformedInputNamesTheOffset() {
        assertThatThrownBy(() -> YsonText.parse("{a=}"))
                .hasMessage("Malformed YSON at offset 3: unexpected character '}'");
    }
}
