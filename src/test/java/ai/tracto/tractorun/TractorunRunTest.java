package ai.tracto.tractorun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.toolbox.Checkpoint;
import ai.tracto.tractorun.toolbox.CheckpointManager;
import ai.tracto.tractorun.Coordinator;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.SetOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java functions run end to end with {@code local(true)}: launcher, embedded cluster, bootstrap, worker JVMs. */
class TractorunRunTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path cache;
    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();

    @Test
    void lambdaCapturingLocalValuesRunsOnAllFourWorkersWithTheirCoordinates() throws Exception {
        String label = "captured-label";
        int multiplier = 7;
        String ytPath = "//tmp/sdk/mesh";
        RunConfig config = config(ytPath, 2, 2);

        RunInfo info = Tractorun.run(toolbox -> {
            Coordinator me = toolbox.coordinator();
            ObjectNode result = MAPPER.createObjectNode()
                    .put("label", label)
                    .put("value", me.selfIndex() * multiplier)
                    .put("peer_count", me.peerCount())
                    .put("process_index", me.processIndex())
                    .put("node_index", me.nodeIndex())
                    .put("incarnation", me.incarnationId())
                    .put("primary", me.isPrimary())
                    .put("lr", toolbox.userConfig().path("lr").asDouble());
            toolbox.yt().set(toolbox.ytPath() + "/results/" + me.selfIndex(), result,
                    new SetOptions(true, false));
        }, config, environment());

        assertThat(info.exitCode()).as(log.toString()).isZero();
        assertThat(info.operationId()).isPresent();
        assertThat(info.incarnation()).isEqualTo(OptionalLong.of(0));
        assertThat(info.spec().orElseThrow().at("/tasks/task/job_count").intValue()).isEqualTo(2);
        try (LocalCluster cluster = reopen(); YtClient yt = client(cluster)) {
            for (int rank = 0; rank < 4; rank++) {
                JsonNode result = yt.get(ytPath + "/results/" + rank);
                assertThat(result).isEqualTo(MAPPER.readTree("""
                        {"label": "captured-label", "value": %d, "peer_count": 4, "process_index": %d,
                         "node_index": %d, "incarnation": 0, "primary": %s, "lr": 0.5}
                        """.formatted(rank * 7, rank % 2, rank / 2, rank == 0)));
            }
        }
    }

    @Test
    void secondRunResumesFromTheFirstRunsLastCheckpointAndDescriptionIsOnTheOperation() throws Exception {
        String ytPath = "//tmp/sdk/resume";
        TrainFunction train = toolbox -> {
            if (!toolbox.coordinator().isPrimary()) {
                return;
            }
            int start = toolbox.checkpointManager().lastCheckpoint()
                    .map(checkpoint -> checkpoint.metadata().path("step").asInt()).orElse(0);
            for (int step = start + 1; step <= start + 3; step++) {
                toolbox.checkpointManager().saveCheckpoint(("weights at " + step).getBytes(StandardCharsets.UTF_8),
                        MAPPER.createObjectNode().put("step", step));
            }
            toolbox.descriptionManager().set(Map.of("started_at_step", start));
        };

        RunInfo first = Tractorun.run(train, config(ytPath, 1, 1), environment());
        RunInfo second = Tractorun.run(train, config(ytPath, 1, 1), environment());

        assertThat(first.exitCode()).as(log.toString()).isZero();
        assertThat(second.exitCode()).as(log.toString()).isZero();
        assertThat(first.incarnation()).isEqualTo(OptionalLong.of(0));
        assertThat(second.incarnation()).isEqualTo(OptionalLong.of(1));
        try (LocalCluster cluster = reopen(); YtClient yt = client(cluster);
             CheckpointManager checkpoints = new CheckpointManager(yt, ytPath)) {
            Checkpoint last = checkpoints.lastCheckpoint().orElseThrow();
            assertThat(last.index()).isEqualTo(5);
            assertThat(last.metadata()).isEqualTo(MAPPER.readTree("{\"step\": 6}"));
            assertThat(new String(last.readValue(), StandardCharsets.UTF_8)).isEqualTo("weights at 6");
            JsonNode operation = yt.getOperation(second.operationId().orElseThrow());
            assertThat(operation.at("/runtime_parameters/annotations/description/extra"))
                    .isEqualTo(MAPPER.readTree("{\"started_at_step\": 3}"));
        }
    }

    @Test
    void theReturnedSpecIsTheSubmittedOneWithTheSecureVaultMasked() throws Exception {
        RunInfo info;
        try (LocalCluster cluster = reopen(); YtClient yt = client(cluster)) {
            yt.create("document", "//tmp/secrets/docker", CreateOptions.builder().recursive(true).build());
            yt.set("//tmp/secrets/docker", MAPPER.readTree("{\"username\": \"me\", \"password\": \"hunter2\"}"));
            RunConfig config = config("//tmp/sdk/spec", 1, 1).toBuilder()
                    .dockerAuthSecret(new DockerAuthSecret("//tmp/secrets/docker")).build();

            info = Tractorun.runScript(List.of("true"), config, environment());
        }

        JsonNode spec = info.spec().orElseThrow();
        assertThat(spec.at("/secure_vault/docker_auth").asText()).isEqualTo("***");
        assertThat(spec.toString()).doesNotContain("hunter2");
        assertThat(spec.at("/tasks/task/environment/YT_PROXY").asText()).startsWith("http://127.0.0.1:");
        assertThat(info.incarnation()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void failingFunctionFailsTheRunWithTheWorkersExitCode() {
        RunConfig config = config("//tmp/sdk/failing", 1, 2);

        assertThatThrownBy(() -> Tractorun.run(toolbox -> {
            if (toolbox.coordinator().selfIndex() == 1) {
                throw new IllegalStateException("rank 1 gives up");
            }
        }, config, environment()))
                .isInstanceOf(TractorunRunException.class)
                .satisfies(e -> assertThat(((TractorunRunException) e).exitCode()).isEqualTo(1));
    }

    @Test
    void nonSerializableCaptureFailsBeforeAnythingIsSubmitted() {
        Object notSerializable = new Object();

        assertThatThrownBy(() -> Tractorun.run(toolbox -> notSerializable.hashCode(),
                config("//tmp/sdk/never", 1, 1), environment()))
                .isInstanceOf(FunctionNotSerializableException.class)
                .hasMessageContaining("a value of type java.lang.Object,");
        assertThat(dir.resolve("cluster")).doesNotExist();
    }

    @Test
    void aClusterRunWithoutADockerImageIsRefusedAsTheCliRefusesItBeforeAnythingIsSubmitted() {
        RunConfig cluster = config("//tmp/sdk/no-image", 1, 1).toBuilder().local(false).build();

        for (ThrowingCallable run : List.<ThrowingCallable>of(
                () -> Tractorun.run(toolbox -> { }, cluster, environment()),
                () -> Tractorun.runScript(List.of("true"), cluster, environment()),
                () -> Tractorun.run(toolbox -> { }, cluster.toBuilder().dryRun(true).build(), environment()))) {
            assertThatThrownBy(run)
                    .isInstanceOf(TractorunConfigException.class)
                    .hasMessageStartingWith("--docker-image: missing, expected a Docker image for a cluster run");
        }
        assertThat(dir.resolve("cluster")).doesNotExist();
    }

    @Test
    void dryRunReturnsTheSpecAndSubmitsNothing() {
        RunInfo info = Tractorun.run(toolbox -> { }, config("//tmp/sdk/dry", 3, 1).toBuilder().dryRun(true).build(),
                environment());

        assertThat(info.operationId()).isEmpty();
        assertThat(info.spec().orElseThrow().at("/tasks/task/job_count").intValue()).isEqualTo(3);
        assertThat(dir.resolve("cluster")).doesNotExist();
    }

    @Test
    void pythonScriptUsesTheToolboxTheBootstrapServes() throws Exception {
        assumeTrue(pythonAvailable(), "python3 is not on PATH: the Python toolbox cannot be exercised");
        String ytPath = "//tmp/sdk/python";
        String script = String.join("\n",
                "from tractorun_toolbox import prepare_and_get_toolbox",
                "tb = prepare_and_get_toolbox()",
                "c = tb.coordinator",
                "if c.is_primary():",
                "    tb.checkpoint_manager.save_checkpoint(b'from python', {'peers': c.get_total_peer_count(),"
                        + " 'config': tb.get_user_config()})",
                "    tb.description_manager.set({'language': 'python'})");

        RunInfo info = Tractorun.runScript(List.of("python3", "-c", script), config(ytPath, 1, 2), environment());

        assertThat(info.exitCode()).as(log.toString()).isZero();
        try (LocalCluster cluster = reopen(); YtClient yt = client(cluster);
             CheckpointManager checkpoints = new CheckpointManager(yt, ytPath)) {
            Checkpoint last = checkpoints.lastCheckpoint().orElseThrow();
            assertThat(last.metadata()).isEqualTo(MAPPER.readTree("{\"peers\": 2, \"config\": {\"lr\": 0.5}}"));
            assertThat(new String(last.readValue(), StandardCharsets.UTF_8)).isEqualTo("from python");
            assertThat(yt.getOperation(info.operationId().orElseThrow())
                    .at("/runtime_parameters/annotations/description/extra"))
                    .isEqualTo(MAPPER.readTree("{\"language\": \"python\"}"));
        }
    }

    private RunConfig config(String ytPath, int nodes, int processes) {
        return RunConfig.builder()
                .ytPath(ytPath)
                .mesh(Mesh.builder().nodeCount(nodes).processPerNode(processes).build())
                .userConfig(MAPPER.createObjectNode().put("lr", 0.5))
                .local(true)
                .build();
    }

    private LaunchEnvironment environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(LaunchEnvironment.LOCAL_ROOT_VARIABLE, dir.resolve("cluster").toString());
        env.put(LaunchEnvironment.CACHE_DIR_VARIABLE, cache.toString());
        env.remove("YT_PROXY");
        env.remove("YT_TOKEN");
        PrintWriter writer = new PrintWriter(log, true);
        return new LaunchEnvironment(env, dir.resolve("home"), dir, writer, writer, false);
    }

    private LocalCluster reopen() {
        return LocalCluster.start(new LocalClusterOptions(dir.resolve("cluster"), 0));
    }

    private static YtClient client(LocalCluster cluster) {
        return YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    private static boolean pythonAvailable() {
        try {
            Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
