package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.RecordingServer.Recorded;
import ai.tracto.tractorun.yt.RecordingServer.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, deadlines, no-retry of streamed uploads, resumed and loudly failing downloads, heavy proxies. */
class YtClientResilienceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordingServer server;
    private YtClient client;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = clientFor(server.url().toString(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static YtClient clientFor(String proxy, Duration deadline) {
        return YtClient.builder().proxy(proxy).retryDeadline(deadline)
                .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    }

    @Test
    void mutationRetriedAfter503KeepsItsMutationIdAndSetsRetry() throws Exception {
        server.enqueue(Response.status(503).header("Retry-After", "0"));
        server.enqueue(Response.json("{\"node_id\":\"n-1\"}"));

        assertThat(client.create("map_node", "//a", CreateOptions.defaults())).isEqualTo("n-1");

        Recorded first = server.takeRequest();
        Recorded second = server.takeRequest();
        assertThat(first.parameters().path("retry").asBoolean(true)).isFalse();
        assertThat(second.parameters().path("retry").asBoolean(false)).isTrue();
        assertThat(second.parameters().path("mutation_id").asText())
                .isEqualTo(first.parameters().path("mutation_id").asText());
        assertThat(second.header("X-YT-Correlation-Id")).isEqualTo(first.header("X-YT-Correlation-Id")).isNotBlank();
    }

    @Test
    void eachLogicalRequestGetsItsOwnMutationId() throws Exception {
        server.enqueue(Response.json("{}"));
        server.enqueue(Response.json("{}"));

        client.remove("//a");
        client.remove("//a");

        assertThat(server.takeRequest().parameters().path("mutation_id").asText())
                .isNotEqualTo(server.takeRequest().parameters().path("mutation_id").asText());
    }

    @Test
    void readFileIsRetriedUntilTheResponseStarts() {
        server.enqueue(Response.json("{\"value\":2}"));
        server.enqueue(Response.status(503));
        server.enqueue(Response.status(200).body("ok"));

        try (InputStream in = client.readFile("//f")) {
            assertThat(in.readAllBytes()).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void writeFileIsRetriedWhileTheConnectionCannotBeMade() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        YtClient unreachable = clientFor("http://127.0.0.1:" + closedPort, Duration.ofMillis(100));

        assertThatThrownBy(() -> unreachable.writeFile("//f", new ByteArrayInputStream(new byte[] {1}), false))
                .isInstanceOf(YtException.class)
                .hasMessageStartingWith("write_file //f did not succeed within the retry deadline PT0.1S (");
    }

    @Test
    void readIsRetriedAfter429() {
        server.enqueue(Response.status(429).header("Retry-After", "0"));
        server.enqueue(Response.json("{\"value\":7}"));

        assertThat(client.get("//a").asInt()).isEqualTo(7);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void readIsRetriedAfter500AndRetriableCodes() {
        server.enqueue(Response.status(500).body("internal"));
        server.enqueue(Response.error(108, "Request queue size limit exceeded"));
        server.enqueue(Response.error(105, "Unavailable"));
        server.enqueue(Response.json("{\"value\":[]}"));

        assertThat(client.list("//a")).isEmpty();
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void nonRetriableErrorFailsAtOnce() {
        server.enqueue(Response.error(500, "Node //a does not exist"));

        assertThatThrownBy(() -> client.get("//a")).isInstanceOfSatisfying(YtException.class,
                e -> assertThat(e.isResolveError()).isTrue());
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void retriesStopAtTheDeadlineWithTheLastError() {
        YtClient impatient = clientFor(server.url().toString(), Duration.ofMillis(100));
        for (int i = 0; i < 200; i++) {
            server.enqueue(Response.status(503).body("overloaded"));
        }

        assertThatThrownBy(() -> impatient.get("//a"))
                .isInstanceOfSatisfying(YtException.class, e -> {
                    assertThat(e.code()).isEqualTo(YtException.TIMEOUT);
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.innerErrors().get(0).httpStatus()).isEqualTo(503);
                })
                .hasMessageStartingWith("get //a did not succeed within the retry deadline PT0.1S (")
                .hasMessageContaining("HTTP 503 from GET " + server.url() + "/api/v4/get: overloaded");
    }

    @Test
    void transportErrorsAreRetriedUntilTheDeadline() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        YtClient unreachable = clientFor("http://127.0.0.1:" + closedPort, Duration.ofMillis(100));

        assertThatThrownBy(() -> unreachable.exists("//a"))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.containsCode(YtException.TRANSPORT)).isTrue())
                .hasMessageStartingWith("exists //a did not succeed within the retry deadline PT0.1S (")
                .hasMessageContaining("exists //a failed: ConnectException");
    }

    @Test
    void writeFileIsNotRetriedOnceTheBodyWasSent() {
        server.enqueue(Response.status(503));
        server.enqueue(Response.json("{}"));

        assertThatThrownBy(() -> client.writeFile("//f", new ByteArrayInputStream(new byte[] {1, 2, 3}), false))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void writeTableIsNotRetriedOnceTheBodyWasSent() throws Exception {
        server.enqueue(Response.status(500));
        server.enqueue(Response.json("{}"));

        assertThatThrownBy(() -> client.writeTable("//t", List.of(MAPPER.readTree("{\"a\":1}")).iterator(), true))
                .isInstanceOf(YtException.class);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void readFileBrokenMidwayResumesFromTheLastByte() throws Exception {
        server.enqueue(Response.json("{\"value\":10}"));
        server.enqueue(Response.status(200).body("0123456789").truncateAt(4));
        server.enqueue(Response.status(200).body("456789"));

        try (InputStream in = client.readFile("//f")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        }

        server.takeRequest();
        assertThat(server.takeRequest().parameters()).isEqualTo(MAPPER.readTree("{\"path\":\"//f\"}"));
        assertThat(server.takeRequest().parameters()).isEqualTo(MAPPER.readTree("{\"path\":\"//f\",\"offset\":4}"));
    }

    @Test
    void readFileRangeResumeAsksOnlyForTheRest() throws Exception {
        server.enqueue(Response.json("{\"value\":10}"));
        server.enqueue(Response.status(200).body("23456").truncateAt(2));
        server.enqueue(Response.status(200).body("456"));

        try (InputStream in = client.readFile("//f", 2, 5)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("23456");
        }

        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().parameters())
                .isEqualTo(MAPPER.readTree("{\"path\":\"//f\",\"offset\":4,\"length\":3}"));
    }

    @Test
    void readFileThatCannotBeResumedFailsLoudly() {
        server.enqueue(Response.json("{\"value\":10}"));
        server.enqueue(Response.status(200).body("0123456789").truncateAt(4));
        server.enqueue(Response.error(500, "Node //f has been removed"));

        assertThatThrownBy(() -> {
            try (InputStream in = client.readFile("//f")) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class)
                .hasMessageStartingWith("read_file //f broke at byte 4 and could not be resumed; the data is incomplete: "
                        + "Node //f has been removed");
    }

    @Test
    void readFileEndingCleanlyBeforeItsSizeIsResumedAndTheTrailerErrorSurfaces() throws Exception {
        server.enqueue(Response.json("{\"value\":10}"));
        server.enqueue(Response.status(200).body("0123")); // the proxy put its error in trailers
        server.enqueue(Response.error(1, "Chunk 1-2-3-4 is unavailable"));

        assertThatThrownBy(() -> {
            try (InputStream in = client.readFile("//f")) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class)
                .hasMessageStartingWith("read_file //f broke at byte 4 and could not be resumed; the data is incomplete: "
                        + "Chunk 1-2-3-4 is unavailable");
        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().parameters()).isEqualTo(MAPPER.readTree("{\"path\":\"//f\",\"offset\":4}"));
    }

    @Test
    void readFileOfUnknownSizeStreamsToTheEnd() throws Exception {
        server.enqueue(Response.error(500, "Attribute uncompressed_data_size is not found"));
        server.enqueue(Response.status(200).body("abc"));

        try (InputStream in = client.readFile("//f")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
        }
    }

    @Test
    void readFileOfUnknownSizeCutShortOfItsContentLengthIsResumed() throws Exception {
        server.enqueue(Response.error(500, "Attribute uncompressed_data_size is not found"));
        server.enqueue(Response.status(200).body("0123456789").truncateAt(6));
        server.enqueue(Response.status(200).body("6789"));

        try (InputStream in = client.readFile("//f")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        }

        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().parameters()).isEqualTo(MAPPER.readTree("{\"path\":\"//f\",\"offset\":6}"));
    }

    @Test
    void readTableBrokenMidwayFailsLoudly() {
        server.enqueue(Response.status(200).body("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n").truncateAt(12));

        assertThatThrownBy(() -> {
            try (CloseableIterator<JsonNode> rows = client.readTable("//t")) {
                while (rows.hasNext()) {
                    rows.next();
                }
            }
        }).isInstanceOf(YtException.class)
                .hasMessageStartingWith("read_table //t broke after 1 rows; the result is incomplete");
    }

    @Test
    void heavyCommandsGoToAProxyFromHosts() throws Exception {
        try (RecordingServer heavy = new RecordingServer()) {
            server.hosts(Response.json("[\"127.0.0.1:" + heavy.url().getPort() + "\"]"));
            server.enqueue(Response.json("{\"value\":4}"));
            heavy.enqueue(Response.status(200).body("data"));
            server.enqueue(Response.json("{\"value\":1}"));

            try (InputStream in = client.readFile("//f")) {
                assertThat(in.readAllBytes()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
            }
            client.get("//x");

            assertThat(heavy.takeRequest().path()).isEqualTo("/api/v4/read_file");
            assertThat(server.takeRequest().path()).isEqualTo("/api/v4/get");
            assertThat(server.takeRequest().path()).isEqualTo("/api/v4/get");
        }
    }

    @Test
    void heavyCommandsFallBackToTheLightProxyWhenHostsIsEmpty() throws Exception {
        server.hosts(Response.json("[]"));
        server.enqueue(Response.json("{\"value\":4}"));
        server.enqueue(Response.status(200).body("data"));

        try (InputStream in = client.readFile("//f")) {
            assertThat(in.readAllBytes()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
        }
        server.takeRequest();
        assertThat(server.takeRequest().path()).isEqualTo("/api/v4/read_file");
    }
}
