package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.Coordinator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback toolbox as the Python module shipped with tractorun sees it, over an embedded cluster. */
class ToolboxEndpointTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String YT_PATH = "//tmp/training";
    private static final Mesh MESH = Mesh.builder().nodeCount(2).processPerNode(2).build();

    @TempDir
    Path root;
    private LocalCluster cluster;
    private YtClient yt;
    private String operationId;
    private ToolboxEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
        operationId = yt.startOperation("vanilla", MAPPER.readTree("""
                {"tasks": {"main": {"command": "sleep 600", "job_count": 1}}}"""));
        // Node 1 of a 2x2 gang: its workers are ranks 2 and 3; the primary is node 0.
        endpoint = ToolboxEndpoint.builder()
                .yt(yt)
                .ytPath(YT_PATH)
                .mesh(MESH)
                .workers(List.of(
                        new Coordinator(2, 4, 0, 1, 5, "10.0.0.1:29500", "10.0.0.2:29500"),
                        new Coordinator(3, 4, 1, 1, 5, "10.0.0.1:29500", "10.0.0.2:29500")))
                .userConfig(MAPPER.readTree("{\"lr\": 0.1, \"name\": \"ü\"}"))
                .operationId(operationId)
                .jobId("job-1")
                .start();
    }

    @AfterEach
    void stop() {
        endpoint.close();
        yt.abortOperation(operationId, "test over");
        yt.close();
        cluster.close();
    }

    @Test
    void pythonWorkerSeesItsCoordinatorAndTheUserConfig() throws Exception {
        JsonNode out = runPython(endpoint.url(1), """
                c = tb.coordinator
                out["coordinator"] = [c.get_self_index(), c.get_total_peer_count(), c.get_process_index(),
                                      c.get_node_index(), c.get_incarnation_id(), c.is_primary(),
                                      c.get_primary_endpoint(), c.get_self_endpoint()]
                out["user_config"] = tb.get_user_config()
                """);

        assertThat(out.get("coordinator")).isEqualTo(MAPPER.readTree(
                "[3, 4, 1, 1, 5, false, \"10.0.0.1:29500\", \"10.0.0.2:29500\"]"));
        assertThat(out.get("user_config")).isEqualTo(MAPPER.readTree("{\"lr\": 0.1, \"name\": \"ü\"}"));
    }

    @Test
    void pythonCheckpointSavedAsBytesAndAsAFileComesBackAsTheLastWithItsMetadata() throws Exception {
        JsonNode out = runPython(endpoint.url(0), """
                import io
                cm = tb.checkpoint_manager
                out["before"] = cm.get_last_checkpoint() is None
                value = bytes(range(256)) * 4096 + b"tail"
                out["first"] = cm.save_checkpoint(value, {"step": 1, "note": "\\u00fc"})
                last = cm.get_last_checkpoint()
                out["first_back"] = [last.index, last.metadata, last.value == value]
                out["second"] = cm.save_checkpoint(io.BytesIO(value[::-1]), {"step": 2})
                last = cm.get_last_checkpoint()
                out["second_back"] = [last.index, last.metadata, last.value == value[::-1], len(last.value)]
                """);

        assertThat(out.get("before").booleanValue()).isTrue();
        assertThat(out.get("first").intValue()).isZero();
        assertThat(out.get("first_back")).isEqualTo(MAPPER.readTree("[0, {\"step\": 1, \"note\": \"ü\"}, true]"));
        assertThat(out.get("second").intValue()).isEqualTo(1);
        assertThat(out.get("second_back")).isEqualTo(MAPPER.readTree("[1, {\"step\": 2}, true, 1048580]"));
        try (CheckpointManager java = new CheckpointManager(yt, YT_PATH)) {
            Checkpoint last = java.lastCheckpoint().orElseThrow();
            assertThat(last.index()).isEqualTo(1);
            assertThat(last.readValue()).hasSize(1048580);
        }
    }

    @Test
    void pythonDescriptionIsVisibleThroughGetOperation() throws Exception {
        runPython(endpoint.url(0), """
                tb.description_manager.set({"epoch": 3, "loss": 0.5, "stage": "warmup"})
                """);

        JsonNode operation = yt.getOperation(operationId);
        assertThat(operation.at("/runtime_parameters/annotations/description/extra"))
                .isEqualTo(MAPPER.readTree("{\"epoch\": 3, \"loss\": 0.5, \"stage\": \"warmup\"}"));
    }

    @Test
    void onlyThePrimarysModelIsWritten() throws Exception {
        ToolboxEndpoint primaryNode = ToolboxEndpoint.builder().yt(yt).ytPath(YT_PATH).mesh(MESH)
                .workers(List.of(new Coordinator(0, 4, 0, 0, 5, "10.0.0.1:29500", "10.0.0.1:29500")))
                .userConfig(MAPPER.readTree("{\"lr\": 0.1}")).operationId(operationId).jobId("job-0").start();
        try (primaryNode) {
            JsonNode secondary = runPython(endpoint.url(0), """
                    out["path"] = tb.save_model(b"secondary weights", {"acc": 0.1})["path"]
                    """);
            assertThat(yt.exists(YT_PATH + "/models/5")).isFalse();

            JsonNode primary = runPython(primaryNode.url(0), """
                    out["path"] = tb.save_model(b"primary weights", {"acc": 0.9})["path"]
                    """);

            assertThat(secondary.get("path").textValue()).isEqualTo(YT_PATH + "/models/5");
            assertThat(primary.get("path").textValue()).isEqualTo(YT_PATH + "/models/5");
            try (InputStream in = yt.readFile(YT_PATH + "/models/5")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("primary weights");
            }
            assertThat(yt.get(YT_PATH + "/models/5/@tractorun")).isEqualTo(MAPPER.readTree("""
                    {"dataset_path": null, "operation_id": "%s", "job_id": "job-0", "incarnation_id": 5,
                     "metadata": {"acc": 0.9}, "user_config": {"lr": 0.1},
                     "mesh": {"node_count": 2, "process_per_node": 2, "gpu_per_process": 0, "pool_trees": null}}
                    """.formatted(operationId)));
        }
    }

    @Test
    void unknownWorkerAndResourceAnswer404AndAWrongMethod405() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = endpoint.url(0);

        HttpResponse<String> noWorker = http.send(HttpRequest.newBuilder(base.resolve("/workers/2/coordinator"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noResource = http.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(base + "/coordinator"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(noWorker.statusCode()).isEqualTo(404);
        assertThat(noWorker.body()).isEqualTo("no worker with local rank '2' on this node (0..1)");
        assertThat(noResource.statusCode()).isEqualTo(404);
        assertThat(noResource.body()).isEqualTo("no such toolbox resource: /nothing");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("method not allowed; use GET");
    }

    @Test
    void theLastCheckpointComesSizedWithItsExactBytesAndAnEmptyOneComesEmpty() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI checkpoints = URI.create(endpoint.url(0) + "/checkpoints");
        byte[] value = new byte[3 * 1024 * 1024 + 5];
        new java.util.Random(7).nextBytes(value);
        http.send(HttpRequest.newBuilder(checkpoints).header("X-Checkpoint-Metadata", "{}")
                .POST(HttpRequest.BodyPublishers.ofByteArray(value)).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<byte[]> sized = http.send(HttpRequest.newBuilder(URI.create(checkpoints + "/last")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(sized.headers().firstValue("Content-Length")).contains(Integer.toString(value.length));
        assertThat(sized.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(sized.body()).isEqualTo(value);

        http.send(HttpRequest.newBuilder(checkpoints).header("X-Checkpoint-Metadata", "{}")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> empty = http.send(HttpRequest.newBuilder(URI.create(checkpoints + "/last")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.headers().firstValue("X-Checkpoint-Index")).contains("1");
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void uploadsCutShortAreNeverCommitted() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI checkpoints = URI.create(endpoint.url(0) + "/checkpoints");
        http.send(HttpRequest.newBuilder(checkpoints).header("X-Checkpoint-Metadata", "{\"step\": 1}")
                .POST(HttpRequest.BodyPublishers.ofString("first")).build(), HttpResponse.BodyHandlers.ofString());

        // A worker dies mid-upload, once with a sized body and once with a chunked one.
        String sized = sendAndHangUp(checkpoints, "Content-Length: 1000000\r\n", "x".repeat(100_000));
        String chunked = sendAndHangUp(checkpoints, "Transfer-Encoding: chunked\r\n",
                "186a0\r\n" + "y".repeat(100_000) + "\r\n");
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(checkpoints)
                .header("X-Checkpoint-Metadata", "{\"step\": 2}")
                .POST(HttpRequest.BodyPublishers.ofString("second")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(sized).startsWith("HTTP/1.1 500 ").contains("connection closed before all data received");
        assertThat(chunked).startsWith("HTTP/1.1 500 ");
        assertThat(next.body()).isEqualTo("{\"index\":1}");
        assertThat(yt.list(YT_PATH + "/checkpoints")).containsExactlyInAnyOrder("0", "1");
        try (CheckpointManager java = new CheckpointManager(yt, YT_PATH)) {
            assertThat(java.lastCheckpoint().orElseThrow().readValue())
                    .isEqualTo("second".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends a request whose body stops early, closes the sending side, and returns the whole answer. */
    private static String sendAndHangUp(URI uri, String framingHeader, String partialBody) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n" + framingHeader
                    + "X-Checkpoint-Metadata: {}\r\n\r\n" + partialBody).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void urlNamesTheWorkersPathOnLoopback() {
        assertThat(endpoint.url(1).toString()).matches("http://127\\.0\\.0\\.1:\\d+/workers/1");
    }

    /** Runs {@code body} after {@code tb = prepare_and_get_toolbox()}; returns what it put into {@code out}. */
    private JsonNode runPython(URI url, String body) throws Exception {
        assumeTrue(pythonAvailable(), "python3 is not on PATH: the Python toolbox module cannot be exercised");
        Path dir = Files.createTempDirectory(root, "py");
        try (InputStream module = getClass().getResourceAsStream("/ai/tracto/tractorun/python/tractorun_toolbox.py")) {
            Files.copy(Optional.ofNullable(module).orElseThrow(), dir.resolve("tractorun_toolbox.py"));
        }
        String indented = body.stripIndent().lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(dir.resolve("script.py"), """
                import json, sys
                from tractorun_toolbox import prepare_and_get_toolbox
                out = {}
                def main():
                    tb = prepare_and_get_toolbox()
                %s
                main()
                print(json.dumps(out))
                """.formatted(indented));
        ProcessBuilder builder = new ProcessBuilder("python3", "script.py").directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("TRACTORUN_TOOLBOX_URL", url.toString());
        Process python = builder.start();
        try {
            python.getOutputStream().close();
            byte[] stdout = python.getInputStream().readAllBytes();
            String stderr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as("python stderr: %s", stderr).isZero();
            return MAPPER.readTree(stdout);
        } finally {
            python.destroyForcibly();
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
