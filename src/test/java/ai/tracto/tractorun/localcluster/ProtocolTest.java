package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.json;
import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolTest extends ClusterFixture {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(cluster.proxyUrl() + path));
    }

    @Test
    void apiListsTheSupportedVersions() throws Exception {
        HttpResponse<String> response = send(request("/api"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("[\"v3\",\"v4\"]"));
    }

    @Test
    void apiV4DescribesEveryCommandWithItsKinds() throws Exception {
        JsonNode descriptors = json(send(request("/api/v4")).body());
        JsonNode writeFile = null;
        JsonNode get = null;
        for (JsonNode d : descriptors) {
            if (d.get("name").asText().equals("write_file")) {
                writeFile = d;
            }
            if (d.get("name").asText().equals("get")) {
                get = d;
            }
        }
        assertThat(writeFile).isEqualTo(json("{\"name\":\"write_file\",\"input_type\":\"binary\",\"output_type\":\"structured\",\"is_volatile\":true,\"is_heavy\":true}"));
        assertThat(get).isEqualTo(json("{\"name\":\"get\",\"input_type\":\"null\",\"output_type\":\"structured\",\"is_volatile\":false,\"is_heavy\":false}"));
        assertThat(descriptors.size()).isEqualTo(26);
    }

    @Test
    void anUnknownCommandIs404WithTheYtMessage() throws Exception {
        HttpResponse<String> response = send(request("/api/v4/frobnicate"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).get("message").asText()).isEqualTo("Command \"frobnicate\" is not registered");
        assertThat(send(request("/api/v4/bad-name")).statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        HttpResponse<String> response = send(request("/api/v4/create?path=//x&type=map_node"));
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(response.body()).get("message").asText())
                .isEqualTo("Command \"create\" must be requested with POST, not GET");
    }

    @Test
    void errorsCarryTheYtHeadersAndAJsonBody() throws Exception {
        HttpResponse<String> response = send(request("/api/v4/get?path=//missing"));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(500);
        assertThat(body.get("attributes").get("path").asText()).isEqualTo("//missing");
        assertThat(body.get("inner_errors")).isEqualTo(json("[]"));
        assertThat(json(response.headers().firstValue("X-YT-Error").orElseThrow())).isEqualTo(body);
        assertThat(response.headers().firstValue("X-YT-Response-Code")).contains("500");
        assertThat(response.headers().firstValue("X-YT-Response-Message")).contains(body.get("message").asText());
        assertThat(response.headers().firstValue("X-YT-Request-Id")).isPresent();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void parametersComeFromTheQueryStringWithIntegersTyped() throws Exception {
        send(request("/api/v4/set?path=//q").PUT(HttpRequest.BodyPublishers.ofString("5")));
        HttpResponse<String> response = send(request("/api/v4/get?path=//q&return_only_value=true"));
        assertThat(response.body()).isEqualTo("5");
    }

    @Test
    void splitBase64ParameterHeadersAreJoinedInBothSpellings() throws Exception {
        yt.set("//split", "\"yes\"");
        String encoded = Base64.getEncoder().encodeToString("{\"path\":\"//split\"}".getBytes(StandardCharsets.UTF_8));
        String first = encoded.substring(0, 5);
        String rest = encoded.substring(5);
        HttpResponse<String> plain = send(request("/api/v4/get").header("X-YT-Parameters0", first).header("X-YT-Parameters1", rest));
        assertThat(json(plain.body())).isEqualTo(json("{\"value\":\"yes\"}"));
        HttpResponse<String> dashed = send(request("/api/v4/get").header("X-YT-Parameters-0", first)
                .header("X-YT-Parameters-1", rest).header("X-YT-Header-Format", "<encode_utf8=%false>json"));
        assertThat(json(dashed.body())).isEqualTo(json("{\"value\":\"yes\"}"));
    }

    @Test
    void mutatingCommandsTakeParametersFromAPostBody() throws Exception {
        HttpResponse<String> response = send(request("/api/v4/create").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"//posted\",\"type\":\"map_node\"}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).get("node_id").asText()).isEqualTo(yt.get("//posted/@id").asText());
    }

    @Test
    void ysonHeaderAndOutputFormatsAreSpoken() throws Exception {
        yt.set("//y", "{\"a\":[1,true,\"s\"]}");
        HttpResponse<String> response = send(request("/api/v4/get")
                .header("X-YT-Header-Format", "<format=text>yson")
                .header("X-YT-Parameters", "{path=\"//y\"}")
                .header("X-YT-Output-Format", "<format=text>yson"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-yt-yson-text");
        assertThat(response.body()).isEqualTo("{\"value\"={\"a\"=[1;%true;\"s\";];};}");
    }

    @Test
    void formatHeadersAcceptQuotedAndBareNames() throws Exception {
        yt.set("//fmt", "1");
        for (String format : new String[] {"\"json\"", "json", "{\"$value\":\"json\",\"$attributes\":{\"encode_utf8\":false}}"}) {
            HttpResponse<String> response = send(request("/api/v4/get?path=//fmt").header("X-YT-Output-Format", format));
            assertThat(response.body()).isEqualTo("{\"value\":1}");
        }
    }

    @Test
    void ysonBodiesAreAcceptedForSet() throws Exception {
        HttpResponse<String> response = send(request("/api/v4/set?path=//ys")
                .header("X-YT-Input-Format", "\"yson\"")
                .PUT(HttpRequest.BodyPublishers.ofString("<color=red>{k=1u;d=2.5}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(yt.get("//ys")).isEqualTo(json("{\"k\":1,\"d\":2.5}"));
        assertThat(yt.get("//ys/@color").asText()).isEqualTo("red");
    }

    @Test
    void unsupportedParametersThatChangeMeaningAreRejectedByName() {
        V4.Failure f = V4.failure(() -> yt.call("GET", "get", params("path", "/", "frobnication_level", 3), null));
        assertThat(f.code).isEqualTo(1);
        assertThat(f.body.get("message").asText())
                .isEqualTo("Parameter \"frobnication_level\" of command \"get\" is not supported by the embedded cluster");
    }

    @Test
    void harmlessHintsAreAccepted() {
        JsonNode value = yt.call("GET", "get", params("path", "/", "suppress_transaction_coordinator_sync", true,
                "read_from", "cache", "output_format", "json"), null);
        assertThat(value.has("value")).isTrue();
    }

    @Test
    void aRetriedMutationGetsTheOriginalAnswer() {
        String id = "1-2-3-4";
        String nodeId = yt.call("POST", "create", params("path", "//r", "type", "map_node", "mutation_id", id), null)
                .get("node_id").asText();
        JsonNode again = yt.call("POST", "create", params("path", "//r", "type", "map_node", "mutation_id", id,
                "retry", true), null);
        assertThat(again.get("node_id").asText()).isEqualTo(nodeId);
    }

    @Test
    void gzipUploadsAreDecoded() throws Exception {
        yt.create("file", "//gz");
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(packed)) {
            out.write("zipped".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = send(request("/api/v4/write_file?path=//gz").header("Content-Encoding", "gzip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray())));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(yt.bytes("GET", "read_file", params("path", "//gz"), null), StandardCharsets.UTF_8))
                .isEqualTo("zipped");
    }

    @Test
    void aDefaultJdkClientThatOffersHttp2IsServedOverHttp1() throws Exception {
        HttpClient defaults = HttpClient.newHttpClient();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> put = defaults.send(request("/api/v4/set?path=//h2").PUT(HttpRequest.BodyPublishers.ofString(Integer.toString(i))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(200);
            HttpResponse<String> get = defaults.send(request("/api/v4/get?path=//h2").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).isEqualTo("{\"value\":" + i + "}");
        }
    }

    @Test
    void hostsListsTheProxyItself() throws Exception {
        HttpResponse<String> response = send(request("/hosts"));
        assertThat(json(response.body())).isEqualTo(json("[\"127.0.0.1:" + cluster.proxyUrl().getPort() + "\"]"));
    }

    @Test
    void anyOAuthTokenOrNoneIsAccepted() throws Exception {
        assertThat(send(request("/api/v4/exists?path=/").header("Authorization", "OAuth whatever")).statusCode()).isEqualTo(200);
        assertThat(send(request("/api/v4/exists?path=/")).statusCode()).isEqualTo(200);
    }

    @Test
    void operationCommandsReachTheDefaultSchedulerWhichValidatesTheSpec() {
        V4.Failure f = V4.failure(() -> yt.call("POST", "start_operation",
                params("operation_type", "vanilla", "spec", Map.of()), null));
        assertThat(f.body.get("message").asText()).contains("Missing required parameter \"/tasks\"");
    }
}
