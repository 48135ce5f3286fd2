package ai.tracto.tractorun.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

final class JsonAssert {
    private JsonAssert() {}

    static void equal(JsonNode actual, String expectedJson) {
        assertThat(actual).isEqualTo(V4.json(expectedJson));
    }
}
