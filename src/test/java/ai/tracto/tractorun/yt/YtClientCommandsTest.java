package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.RecordingServer.Recorded;
import ai.tracto.tractorun.yt.RecordingServer.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command on the wire: method, path, parameters, formats, headers, body, and the response mapping. */
class YtClientCommandsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UTF8_JSON = "{\"$value\":\"json\",\"$attributes\":{\"encode_utf8\":false}}";
    private static final String GUID = "[0-9a-f]{1,8}-[0-9a-f]{1,8}-[0-9a-f]{1,8}-[0-9a-f]{1,8}";

    private RecordingServer server;
    private YtClient client;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = YtClient.builder().proxy(server.url().toString()).token("secret-token")
                .retryDeadline(Duration.ofSeconds(2)).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static void assertRead(Recorded request, String command) {
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v4/" + command);
        assertThat(request.header("Authorization")).isEqualTo("OAuth secret-token");
        assertThat(request.parameters().has("mutation_id")).isFalse();
        assertThat(request.parameters().has("retry")).isFalse();
    }

    private static void assertMutation(Recorded request, String method, String command) {
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.path()).isEqualTo("/api/v4/" + command);
        assertThat(request.header("Authorization")).isEqualTo("OAuth secret-token");
        assertThat(request.parameters().path("mutation_id").asText()).matches(GUID);
        assertThat(request.parameters().path("retry").asBoolean(true)).isFalse();
    }

    private static JsonNode withoutMutation(Recorded request) {
        ObjectNode params = request.parameters().deepCopy();
        params.remove("mutation_id");
        params.remove("retry");
        return params;
    }

    @Test
    void getSendsPathAndUnwrapsValue() throws Exception {
        server.enqueue(Response.json("{\"value\":{\"a\":1}}"));

        JsonNode value = client.get("//tmp/x");

        assertThat(value).isEqualTo(json("{\"a\":1}"));
        Recorded request = server.takeRequest();
        assertRead(request, "get");
        assertThat(request.parameters()).isEqualTo(json("{\"path\":\"//tmp/x\"}"));
        assertThat(request.header("X-YT-Output-Format")).isEqualTo(UTF8_JSON);
        assertThat(request.header("X-YT-Input-Format")).isNull();
    }

    @Test
    void getWithAttributesSendsTheirNames() throws Exception {
        server.enqueue(Response.json("{\"value\":{\"$attributes\":{\"type\":\"map_node\"},\"$value\":{}}}"));

        JsonNode value = client.get("//tmp/x", List.of("type"));

        assertThat(value.path("$attributes").path("type").asText()).isEqualTo("map_node");
        assertThat(server.takeRequest().parameters())
                .isEqualTo(json("{\"path\":\"//tmp/x\",\"attributes\":[\"type\"]}"));
    }

    @Test
    void setPutsTheValueAsJsonBody() throws Exception {
        server.enqueue(Response.json("{}"));

        client.set("//tmp/x", json("{\"k\":[1,2]}"), new SetOptions(true, true));

        Recorded request = server.takeRequest();
        assertMutation(request, "PUT", "set");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"path\":\"//tmp/x\",\"recursive\":true,\"force\":true}"));
        assertThat(request.header("X-YT-Input-Format")).isEqualTo(UTF8_JSON);
        assertThat(request.bodyJson()).isEqualTo(json("{\"k\":[1,2]}"));
    }

    @Test
    void multisetAttributesPutsTheMapOfAttributesOfTheNode() throws Exception {
        server.enqueue(Response.json("{}"));

        client.multisetAttributes("//tmp/x", (ObjectNode) json("{\"a\":1,\"b\":[true]}"));

        Recorded request = server.takeRequest();
        assertMutation(request, "PUT", "multiset_attributes");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"path\":\"//tmp/x/@\"}"));
        assertThat(request.header("X-YT-Input-Format")).isEqualTo(UTF8_JSON);
        assertThat(request.bodyJson()).isEqualTo(json("{\"a\":1,\"b\":[true]}"));
    }

    @Test
    void createSendsOptionsAndReturnsNodeId() throws Exception {
        server.enqueue(Response.json("{\"node_id\":\"1-2-3-4\"}"));
        ObjectNode attributes = MAPPER.createObjectNode().put("replication_factor", 1);

        String id = client.create("file", "//tmp/f", CreateOptions.builder().recursive(true).ignoreExisting(true)
                .attributes(attributes).build());

        assertThat(id).isEqualTo("1-2-3-4");
        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "create");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"path\":\"//tmp/f\",\"type\":\"file\",\"recursive\":true,"
                + "\"ignore_existing\":true,\"attributes\":{\"replication_factor\":1}}"));
        assertThat(request.body()).isEmpty();
    }

    @Test
    void createReturnsObjectIdForNonVersionedObjects() {
        server.enqueue(Response.json("{\"object_id\":\"5-6-7-8\"}"));

        assertThat(client.create("user", "//sys/users/u", CreateOptions.defaults())).isEqualTo("5-6-7-8");
    }

    @Test
    void existsUnwrapsTheBoolean() throws Exception {
        server.enqueue(Response.json("{\"value\":true}"));
        server.enqueue(Response.json("{\"value\":false}"));

        assertThat(client.exists("//a")).isTrue();
        assertThat(client.exists("//b")).isFalse();
        assertRead(server.takeRequest(), "exists");
        assertThat(server.takeRequest().parameters()).isEqualTo(json("{\"path\":\"//b\"}"));
    }

    @Test
    void listReturnsTheNames() throws Exception {
        server.enqueue(Response.json("{\"value\":[\"a\",\"b\"]}"));

        assertThat(client.list("//tmp")).containsExactly("a", "b");
        assertRead(server.takeRequest(), "list");
    }

    @Test
    void removeIsAPostWithOptions() throws Exception {
        server.enqueue(Response.json("{}"));

        client.remove("//tmp/x", new RemoveOptions(true, true));

        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "remove");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"path\":\"//tmp/x\",\"recursive\":true,\"force\":true}"));
    }

    @Test
    void linkSendsTargetAndLinkPaths() throws Exception {
        server.enqueue(Response.json("{\"node_id\":\"l-i-n-k\"}"));

        assertThat(client.link("//t", "//l", new LinkOptions(true, true, false))).isEqualTo("l-i-n-k");

        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "link");
        assertThat(withoutMutation(request)).isEqualTo(json(
                "{\"target_path\":\"//t\",\"link_path\":\"//l\",\"recursive\":true,\"ignore_existing\":true}"));
    }

    @Test
    void copyAndMoveSendSourceAndDestination() throws Exception {
        server.enqueue(Response.json("{\"node_id\":\"c\"}"));
        server.enqueue(Response.json("{\"node_id\":\"m\"}"));

        assertThat(client.copy("//a", "//b", new CopyOptions(true, false))).isEqualTo("c");
        assertThat(client.move("//b", "//c", new CopyOptions(false, true))).isEqualTo("m");

        Recorded copy = server.takeRequest();
        assertMutation(copy, "POST", "copy");
        assertThat(withoutMutation(copy)).isEqualTo(json("{\"source_path\":\"//a\",\"destination_path\":\"//b\",\"recursive\":true}"));
        Recorded move = server.takeRequest();
        assertMutation(move, "POST", "move");
        assertThat(withoutMutation(move)).isEqualTo(json("{\"source_path\":\"//b\",\"destination_path\":\"//c\",\"force\":true}"));
    }

    @Test
    void lockInATransactionSendsModeKeysAndTransaction() throws Exception {
        server.enqueue(Response.json("{\"lock_id\":\"l-1\",\"node_id\":\"n-1\",\"revision\":5}"));

        LockResult lock = client.withTransaction("t-x").lock("//a", LockOptions.builder().mode(LockMode.SHARED)
                .waitable(true).childKey("k").build());

        assertThat(lock).isEqualTo(new LockResult("l-1", "n-1"));
        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "lock");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"transaction_id\":\"t-x\",\"path\":\"//a\","
                + "\"mode\":\"shared\",\"waitable\":true,\"child_key\":\"k\"}"));
    }

    @Test
    void waitForLockPollsTheLockStateUntilAcquired() throws Exception {
        server.enqueue(Response.json("{\"value\":\"pending\"}"));
        server.enqueue(Response.json("{\"value\":\"acquired\"}"));

        client.waitForLock("l-1", Duration.ofSeconds(5));

        assertThat(server.takeRequest().parameters()).isEqualTo(json("{\"path\":\"#l-1/@state\"}"));
        assertThat(server.takeRequest().parameters()).isEqualTo(json("{\"path\":\"#l-1/@state\"}"));
    }

    @Test
    void waitForLockTimesOutWithCodeThree() {
        for (int i = 0; i < 50; i++) {
            server.enqueue(Response.json("{\"value\":\"pending\"}"));
        }

        assertThatThrownBy(() -> client.waitForLock("l-1", Duration.ofMillis(120)))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.code()).isEqualTo(3))
                .hasMessageStartingWith("Lock l-1 was not acquired within PT0.12S (state: pending)");
    }

    @Test
    void transactionCommandsCarryTheTransactionId() throws Exception {
        server.enqueue(Response.json("{}"));
        server.enqueue(Response.json("{}"));
        server.enqueue(Response.json("{}"));

        client.pingTransaction("t-1");
        client.commitTransaction("t-2");
        client.abortTransaction("t-3");

        for (String[] expected : new String[][] {{"ping_transaction", "t-1"}, {"commit_transaction", "t-2"},
                {"abort_transaction", "t-3"}}) {
            Recorded request = server.takeRequest();
            assertMutation(request, "POST", expected[0]);
            assertThat(withoutMutation(request)).isEqualTo(json("{\"transaction_id\":\"" + expected[1] + "\"}"));
        }
    }

    @Test
    void writeFileStreamsTheBodyWithAppendAsRichPath() throws Exception {
        server.enqueue(Response.json(""));
        byte[] data = "hello file".getBytes(StandardCharsets.UTF_8);

        client.writeFile("//tmp/f", new ByteArrayInputStream(data), true);

        Recorded request = server.takeRequest();
        assertMutation(request, "PUT", "write_file");
        assertThat(withoutMutation(request)).isEqualTo(json(
                "{\"path\":{\"$value\":\"//tmp/f\",\"$attributes\":{\"append\":true}}}"));
        assertThat(request.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(request.header("X-YT-Input-Format")).isNull();
        assertThat(request.body()).isEqualTo(data);
    }

    @Test
    void readFileStreamsTheContentWithOffsetAndLength() throws Exception {
        server.enqueue(Response.json("{\"value\":10}"));
        server.enqueue(Response.status(200).body("llo"));

        try (InputStream in = client.readFile("//tmp/f", 2, 3)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("llo");
        }

        Recorded size = server.takeRequest();
        assertRead(size, "get");
        assertThat(size.parameters()).isEqualTo(json("{\"path\":\"//tmp/f/@uncompressed_data_size\"}"));
        Recorded request = server.takeRequest();
        assertRead(request, "read_file");
        assertThat(request.parameters()).isEqualTo(json("{\"path\":\"//tmp/f\",\"offset\":2,\"length\":3}"));
        assertThat(request.header("X-YT-Output-Format")).isNull();
    }

    @Test
    void writeTableSendsOneJsonMapPerLine() throws Exception {
        server.enqueue(Response.json("{}"));
        List<JsonNode> rows = List.of(json("{\"a\":1}"), json("{\"b\":\"x\"}"));

        client.writeTable("//tmp/t", rows.iterator(), false);

        Recorded request = server.takeRequest();
        assertMutation(request, "PUT", "write_table");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"path\":\"//tmp/t\"}"));
        assertThat(request.header("X-YT-Input-Format")).isEqualTo(UTF8_JSON);
        assertThat(request.bodyText()).isEqualTo("{\"a\":1}\n{\"b\":\"x\"}\n");
    }

    @Test
    void readTableParsesRowsAndKeepsTheRowRange() throws Exception {
        server.enqueue(Response.status(200).body("{\"a\":1}\n{\"a\":2}\n"));

        try (CloseableIterator<JsonNode> rows = client.readTable("//tmp/t[#1:#3]")) {
            assertThat(rows.next()).isEqualTo(json("{\"a\":1}"));
            assertThat(rows.next()).isEqualTo(json("{\"a\":2}"));
            assertThat(rows.hasNext()).isFalse();
        }

        Recorded request = server.takeRequest();
        assertRead(request, "read_table");
        assertThat(request.parameters()).isEqualTo(json("{\"path\":\"//tmp/t[#1:#3]\",\"dump_error_into_response\":true}"));
        assertThat(request.header("X-YT-Output-Format")).isEqualTo(UTF8_JSON);
    }

    @Test
    void readTableThrowsAnErrorDumpedAfterStreamingBegan() throws Exception {
        String delimiter = "=".repeat(80);
        server.enqueue(Response.status(200).body("{\"a\":1}\n\n" + delimiter + "\n{\n  \"code\": 1,\n  \"message\": \"Chunk is lost\"\n}\n"
                + delimiter + "\n"));

        try (CloseableIterator<JsonNode> rows = client.readTable("//tmp/t")) {
            assertThat(rows.next()).isEqualTo(json("{\"a\":1}"));
            assertThatThrownBy(rows::hasNext).isInstanceOf(YtException.class)
                    .hasMessage("read_table //tmp/t failed after 1 rows: Chunk is lost [code 1]");
        }
    }

    @Test
    void startOperationSendsTypeAndSpecAndReturnsTheId() throws Exception {
        server.enqueue(Response.json("{\"operation_id\":\"o-1\"}"));
        JsonNode spec = json("{\"tasks\":{\"t\":{\"command\":\"true\",\"job_count\":1}}}");

        assertThat(client.startOperation("vanilla", spec)).isEqualTo("o-1");

        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "start_operation");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"operation_type\":\"vanilla\",\"spec\":" + spec + "}"));
    }

    @Test
    void getOperationReturnsTheBodyAsIs() throws Exception {
        server.enqueue(Response.json("{\"id\":\"o-1\",\"state\":\"running\"}"));

        JsonNode operation = client.getOperation("o-1", List.of("state"));

        assertThat(operation).isEqualTo(json("{\"id\":\"o-1\",\"state\":\"running\"}"));
        Recorded request = server.takeRequest();
        assertRead(request, "get_operation");
        assertThat(request.parameters()).isEqualTo(json("{\"operation_id\":\"o-1\",\"attributes\":[\"state\"]}"));
    }

    @Test
    void abortOperationSendsTheMessage() throws Exception {
        server.enqueue(Response.json("{}"));

        client.abortOperation("o-1", "stopped by user");

        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "abort_operation");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"operation_id\":\"o-1\",\"abort_message\":\"stopped by user\"}"));
    }

    @Test
    void listJobsReturnsTheBodyAsIs() throws Exception {
        server.enqueue(Response.json("{\"jobs\":[{\"id\":\"j-1\",\"state\":\"running\"}]}"));

        assertThat(client.listJobs("o-1").path("jobs").get(0).path("id").asText()).isEqualTo("j-1");
        Recorded request = server.takeRequest();
        assertRead(request, "list_jobs");
        assertThat(request.parameters()).isEqualTo(json("{\"operation_id\":\"o-1\"}"));
    }

    @Test
    void getJobStderrStreamsTheBytes() throws Exception {
        server.enqueue(Response.status(200).body("oops\n"));

        try (InputStream in = client.getJobStderr("o-1", "j-1")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
        }
        Recorded request = server.takeRequest();
        assertRead(request, "get_job_stderr");
        assertThat(request.parameters()).isEqualTo(json("{\"operation_id\":\"o-1\",\"job_id\":\"j-1\"}"));
    }

    @Test
    void getJobStderrFromAnOffsetAsksOnlyForTheRest() throws Exception {
        server.enqueue(Response.status(200).body("new\n"));

        try (InputStream in = client.getJobStderr("o-1", "j-1", 120)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new\n");
        }
        Recorded request = server.takeRequest();
        assertRead(request, "get_job_stderr");
        assertThat(request.parameters())
                .isEqualTo(json("{\"operation_id\":\"o-1\",\"job_id\":\"j-1\",\"offset\":120}"));
    }

    @Test
    void updateOperationParametersAcceptsAnEmptyBody() throws Exception {
        server.enqueue(Response.status(200));

        client.updateOperationParameters("o-1", json("{\"annotations\":{\"k\":\"v\"}}"));

        Recorded request = server.takeRequest();
        assertMutation(request, "POST", "update_operation_parameters");
        assertThat(withoutMutation(request)).isEqualTo(json("{\"operation_id\":\"o-1\",\"parameters\":{\"annotations\":{\"k\":\"v\"}}}"));
    }

    @Test
    void executeSendsReadCommandsAsGetAndOthersAsMutations() throws Exception {
        server.enqueue(Response.json("{\"operations\":[]}"));
        server.enqueue(Response.json("{}"));

        assertThat(client.execute("list_operations", MAPPER.createObjectNode().put("limit", 5)))
                .isEqualTo(json("{\"operations\":[]}"));
        client.execute("suspend_operation", MAPPER.createObjectNode().put("operation_id", "o-1"));

        Recorded read = server.takeRequest();
        assertRead(read, "list_operations");
        assertThat(read.parameters()).isEqualTo(json("{\"limit\":5}"));
        assertMutation(server.takeRequest(), "POST", "suspend_operation");
    }

    @Test
    void transactionViewAddsTheTransactionOnlyToTransactionalCommands() throws Exception {
        server.enqueue(Response.json("{\"value\":1}"));
        server.enqueue(Response.json("{\"id\":\"o\"}"));
        YtClient tx = client.withTransaction("t-1");

        tx.get("//a");
        tx.getOperation("o");

        assertThat(server.takeRequest().parameters()).isEqualTo(json("{\"transaction_id\":\"t-1\",\"path\":\"//a\"}"));
        assertThat(server.takeRequest().parameters()).isEqualTo(json("{\"operation_id\":\"o\"}"));
    }

    @Test
    void prerequisiteViewAddsPrerequisitesToMutations() throws Exception {
        server.enqueue(Response.json("{}"));
        server.enqueue(Response.json("{\"value\":1}"));
        YtClient guarded = client.withPrerequisiteTransactions(List.of("p-1", "p-2"));

        guarded.set("//a", json("1"));
        guarded.get("//a");

        assertThat(withoutMutation(server.takeRequest()))
                .isEqualTo(json("{\"prerequisite_transaction_ids\":[\"p-1\",\"p-2\"],\"path\":\"//a\"}"));
        assertThat(server.takeRequest().parameters()).isEqualTo(json("{\"path\":\"//a\"}"));
    }

    @Test
    void nonAsciiParametersGoBase64EncodedInSplitHeaders() throws Exception {
        server.enqueue(Response.json("{\"value\":1}"));

        client.get("//tmp/данные");

        Recorded request = server.takeRequest();
        assertThat(request.header("X-YT-Parameters")).isNull();
        assertThat(request.header("X-YT-Header-Format")).isEqualTo("<encode_utf8=%false>json");
        assertThat(request.parameters()).isEqualTo(json("{\"path\":\"//tmp/данные\"}"));
    }

    @Test
    void nonAsciiValuesTravelAsUtf8Json() throws Exception {
        server.enqueue(Response.json("{}"));
        server.enqueue(Response.json("{\"value\":\"привет, мир\"}"));

        client.set("//tmp/greeting", json("\"привет, мир\""));
        JsonNode read = client.get("//tmp/greeting");

        assertThat(server.takeRequest().body()).isEqualTo("\"привет, мир\"".getBytes(StandardCharsets.UTF_8));
        assertThat(read.asText()).isEqualTo("привет, мир");
    }

    @Test
    void errorHeaderBecomesYtExceptionWithTheWholeTree() {
        server.enqueue(Response.errorJson("{\"code\":1,\"message\":\"Error resolving path //tmp/x\",\"attributes\":"
                + "{\"path\":\"//tmp/x\"},\"inner_errors\":[{\"code\":500,\"message\":\"Node //tmp has no child with key \\\"x\\\"\","
                + "\"attributes\":{},\"inner_errors\":[]}]}"));

        assertThatThrownBy(() -> client.get("//tmp/x"))
                .isInstanceOfSatisfying(YtException.class, e -> {
                    assertThat(e.code()).isEqualTo(1);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.isResolveError()).isTrue();
                    assertThat(e.innerErrors()).hasSize(1);
                    assertThat(e.attributes().path("path").asText()).isEqualTo("//tmp/x");
                })
                .hasMessage("Error resolving path //tmp/x: Node //tmp has no child with key \"x\" [code 1, 500]");
    }

    @Test
    void errorWithoutPathNamesTheRequestedPath() {
        server.enqueue(Response.error(501, "Node already exists"));

        assertThatThrownBy(() -> client.create("map_node", "//tmp/m", CreateOptions.defaults()))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.isAlreadyExists()).isTrue())
                .hasMessage("Node already exists (path //tmp/m) [code 501]");
    }

    @Test
    void errorBodyWithoutHeaderIsParsedToo() {
        server.enqueue(Response.status(400).body("{\"code\":11000,\"message\":\"No such transaction t-1\"}"));

        assertThatThrownBy(() -> client.commitTransaction("t-1"))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.isNoSuchTransaction()).isTrue());
    }

    @Test
    void nonYtErrorBodyIsReportedWithStatusAndText() {
        server.enqueue(Response.status(404).body("<html>not here</html>"));

        assertThatThrownBy(() -> client.list("//a"))
                .isInstanceOf(YtException.class)
                .hasMessageContaining("HTTP 404 from GET " + server.url() + "/api/v4/list: <html>not here</html>");
    }

    @Test
    void clientAndBuilderNeverPrintTheToken() {
        assertThat(client.toString()).doesNotContain("secret-token").contains("token=<hidden>");
        assertThat(client.newBuilder().toString()).doesNotContain("secret-token").contains("token=<hidden>");
    }

    @Test
    void proxyFormsGetTheRightScheme() {
        assertThat(YtClient.builder().proxy("localhost:8000").build().proxyUrl().toString()).isEqualTo("http://localhost:8000");
        assertThat(YtClient.builder().proxy("127.0.0.1").build().proxyUrl().toString()).isEqualTo("http://127.0.0.1");
        assertThat(YtClient.builder().proxy("cluster.example.com").build().proxyUrl().toString())
                .isEqualTo("https://cluster.example.com");
        assertThat(YtClient.builder().proxy("http://cluster.example.com:80/").build().proxyUrl().toString())
                .isEqualTo("http://cluster.example.com:80");
    }
}
