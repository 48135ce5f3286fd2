package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DescriptionManagerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void descriptionGoesUnderAnnotationsDescriptionExtraWithLinksTaggedAsUrls() throws Exception {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("epoch", 3);
        description.put("loss", 0.25);
        description.put("tags", List.of("a", "b"));
        description.put("model", new Link("https://ui/x"));

        assertThat(DescriptionManager.parameters(description)).isEqualTo(MAPPER.readTree("""
                {"annotations": {"description": {"extra": {
                    "epoch": 3, "loss": 0.25, "tags": ["a", "b"],
                    "model": {"$value": "https://ui/x", "$attributes": {"_type_tag": "url"}}}}}}
                """));
    }

    @Test
    void cypressLinkFillsTheTemplateWithThePercentEncodedPath() {
        try (YtClient yt = YtClient.builder().proxy("http://127.0.0.1:1").build()) {
            DescriptionManager manager = new DescriptionManager(yt, Optional.of("op"),
                    Optional.of("https://yt.example/cluster/navigation?path={path}"));

            assertThat(manager.cypressLink("//home/me/my model"))
                    .contains(new Link("https://yt.example/cluster/navigation?path=//home/me/my%20model"));
        }
    }

    @Test
    void cypressLinkIsAbsentWithoutATemplate() {
        try (YtClient yt = YtClient.builder().proxy("http://127.0.0.1:1").build()) {
            DescriptionManager manager = new DescriptionManager(yt, Optional.of("op"), Optional.empty());

            assertThat(manager.cypressLink("//home/me")).isEmpty();
        }
    }

    @Test
    void settingADescriptionOutsideAnOperationFailsSayingSo() {
        try (YtClient yt = YtClient.builder().proxy("http://127.0.0.1:1").build()) {
            DescriptionManager manager = new DescriptionManager(yt, Optional.empty(), Optional.empty());

            assertThatThrownBy(() -> manager.set(Map.of("a", 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the description can only be set inside a tractorun operation:"
                            + " YT_OPERATION_ID is not set");
        }
    }

    @Test
    void quoteMatchesPythonsUrllibQuote() {
        assertThat(DescriptionManager.quote("//a b/ü?&=#%~_.-")).isEqualTo("//a%20b/%C3%BC%3F%26%3D%23%25~_.-");
    }
}
