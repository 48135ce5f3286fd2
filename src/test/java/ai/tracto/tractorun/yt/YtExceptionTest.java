package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class YtExceptionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static YtException parse(String json, int status) throws Exception {
        return YtException.fromJson(MAPPER.readTree(json), status);
    }

    @Test
    void containsCodeSearchesTheWholeTree() throws Exception {
        YtException e = parse("{\"code\":1,\"message\":\"a\",\"inner_errors\":[{\"code\":2,\"message\":\"b\"},"
                + "{\"code\":1,\"message\":\"c\",\"inner_errors\":[{\"code\":402,\"message\":\"conflict\"}]}]}", 400);

        assertThat(e.containsCode(402)).isTrue();
        assertThat(e.isConcurrentTransactionLockConflict()).isTrue();
        assertThat(e.find(402)).hasValueSatisfying(inner -> assertThat(inner.rawMessage()).isEqualTo("conflict"));
        assertThat(e.containsCode(500)).isFalse();
        assertThat(e.isResolveError()).isFalse();
    }

    @Test
    void helpersMatchTheirCodes() {
        assertThat(new YtException(500, "x").isResolveError()).isTrue();
        assertThat(new YtException(501, "x").isAlreadyExists()).isTrue();
        assertThat(new YtException(402, "x").isConcurrentTransactionLockConflict()).isTrue();
        assertThat(new YtException(11000, "x").isNoSuchTransaction()).isTrue();
    }

    @Test
    void retriableCodesAndStatuses() {
        for (int code : new int[] {3, 100, 105, 108, 904}) {
            assertThat(new YtException(code, "x").isRetriable()).as("code %d", code).isTrue();
        }
        assertThat(new YtException(500, "x").isRetriable()).isFalse();
        assertThat(new YtException(1, "x", 503, null, java.util.List.of(), null).isRetriable()).isTrue();
        assertThat(new YtException(1, "x", 429, null, java.util.List.of(), null).isRetriable()).isTrue();
    }

    @Test
    void messageJoinsDistinctMessagesOuterFirstWithPathAndCodes() throws Exception {
        YtException e = parse("{\"code\":1,\"message\":\"Error committing transaction\",\"inner_errors\":["
                + "{\"code\":1,\"message\":\"Error committing transaction\",\"inner_errors\":["
                + "{\"code\":402,\"message\":\"Cannot take lock\",\"attributes\":{\"path\":\"//tmp/a\"}}]}]}", 400);

        assertThat(e.getMessage()).isEqualTo("Error committing transaction: Cannot take lock (path //tmp/a) [code 1, 402]");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.innerErrors().get(0).innerErrors().get(0).attributes().path("path").asText()).isEqualTo("//tmp/a");
    }

    @Test
    void missingFieldsGetDefaults() throws Exception {
        YtException e = parse("{\"message\":\"bare\"}", 500);

        assertThat(e.code()).isEqualTo(1);
        assertThat(e.attributes().isEmpty()).isTrue();
        assertThat(e.innerErrors()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("bare [code 1]");
    }
}
