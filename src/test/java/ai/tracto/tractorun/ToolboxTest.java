package ai.tracto.tractorun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.job.BootstrapConfig;
import ai.tracto.tractorun.job.Endpoint;
import ai.tracto.tractorun.job.NodeTopology;
import ai.tracto.tractorun.job.WorkerEnvironment;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.toolbox.Coordinator;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toolbox a Java worker builds from the context file the bootstrap writes and its environment. */
class ToolboxTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** What the user config of a run binds to. */
    public record Hyper(double lr, int epochs) {
    }

    @Test
    void toolboxReadsTheContextFileTheBootstrapWritesAndReachesTheClusterAtYtProxy() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(dir.resolve("cluster"), 0))) {
            Map<String, String> env = workerEnvironment(cluster, 1, 1);

            try (Toolbox toolbox = Toolbox.fromEnvironment(env)) {
                assertThat(toolbox.coordinator()).isEqualTo(
                        new Coordinator(3, 4, 1, 1, 6, "10.0.0.1:29500", "10.0.0.2:29500"));
                assertThat(toolbox.coordinator().isPrimary()).isFalse();
                assertThat(toolbox.mesh().nodeCount()).isEqualTo(2);
                assertThat(toolbox.mesh().processPerNode()).isEqualTo(2);
                assertThat(toolbox.ytPath()).isEqualTo("//tmp/train");
                assertThat(toolbox.userConfig()).isEqualTo(MAPPER.readTree("{\"lr\": 0.1, \"epochs\": 4}"));
                assertThat(toolbox.userConfig(Hyper.class)).isEqualTo(new Hyper(0.1, 4));
                assertThat(toolbox.yt().proxyUrl()).isEqualTo(cluster.proxyUrl());
                toolbox.yt().set("//probe", MAPPER.readTree("1"));
                try (YtClient direct = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
                    assertThat(direct.get("//probe").intValue()).isEqualTo(1);
                }
                assertThat(toolbox.descriptionManager().cypressLink("//tmp/a b"))
                        .hasValueSatisfying(link -> assertThat(link.url()).isEqualTo("https://ui/?path=//tmp/a%20b"));
            }
        }
    }

    @Test
    void userConfigOfTheWrongShapeNamesTheTargetType() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(dir.resolve("cluster"), 0));
             Toolbox toolbox = Toolbox.fromEnvironment(workerEnvironment(cluster, 0, 0))) {
            assertThatThrownBy(() -> toolbox.userConfig(Integer.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("user config cannot be read as java.lang.Integer: ");
        }
    }

    @Test
    void primarySavesTheModelWithThePythonTractorunsAttributesAndOthersOnlyGetThePath() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(dir.resolve("cluster"), 0))) {
            String secondaryPath;
            try (Toolbox secondary = Toolbox.fromEnvironment(workerEnvironment(cluster, 1, 0))) {
                secondaryPath = secondary.saveModel("ignored".getBytes(StandardCharsets.UTF_8), "//data/t", null);
                assertThat(secondary.yt().exists("//tmp/train/models/6")).isFalse();
            }
            try (Toolbox primary = Toolbox.fromEnvironment(workerEnvironment(cluster, 0, 0))) {
                String path = primary.saveModel("weights".getBytes(StandardCharsets.UTF_8), "//data/t",
                        MAPPER.createObjectNode().put("acc", 0.9));

                assertThat(path).isEqualTo("//tmp/train/models/6").isEqualTo(secondaryPath);
                try (InputStream in = primary.yt().readFile(path)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("weights");
                }
                assertThat(primary.yt().get(path + "/@tractorun")).isEqualTo(MAPPER.readTree("""
                        {"dataset_path": "//data/t", "operation_id": "op-1", "job_id": "job-0", "incarnation_id": 6,
                         "metadata": {"acc": 0.9}, "user_config": {"lr": 0.1, "epochs": 4},
                         "mesh": {"node_count": 2, "process_per_node": 2, "gpu_per_process": 0, "pool_trees": null}}
                        """));
            }
        }
    }

    @Test
    void closingTheToolboxWaitsForCheckpointSavesInFlight() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(dir.resolve("cluster"), 0))) {
            AtomicReference<CompletableFuture<Integer>> future = new AtomicReference<>();
            try (Toolbox toolbox = Toolbox.fromEnvironment(workerEnvironment(cluster, 0, 0))) {
                for (int i = 0; i < 3; i++) {
                    future.set(toolbox.checkpointManager().saveCheckpoint(new byte[1 << 20], null));
                }
            }

            assertThat(future.get().isDone()).isTrue();
            assertThat(future.get().get(0, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void outsideATractorunWorkerTheToolboxSaysWhy() {
        assertThatThrownBy(() -> Toolbox.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TRACTORUN_CONTEXT is not set: the toolbox is only available in a worker started by"
                        + " tractorun");
    }

    /** The environment of worker {@code localRank} on node {@code node} of a 2x2 gang, context file included. */
    private Map<String, String> workerEnvironment(LocalCluster cluster, int node, int localRank) throws Exception {
        BootstrapConfig config = BootstrapConfig.fromJson(MAPPER.readTree("""
                {"version": "0.1.0", "yt_path": "//tmp/train",
                 "mesh": {"node_count": 2, "process_per_node": 2, "gpu_per_process": 0},
                 "command": ["java"], "env": [], "user_config": {"lr": 0.1, "epochs": 4},
                 "sidecars": [], "binds": [], "lib_binds": [], "operation_log_mode": "default",
                 "proxy_stderr_mode": "disabled", "backend": "generic", "barrier_timeout_seconds": 600,
                 "cluster_config": {"cypress_link_template": "https://ui/?path={path}"}}"""));
        Path jobDir = Files.createDirectories(dir.resolve("job-" + node));
        WorkerEnvironment environment = new WorkerEnvironment(config, new NodeTopology(node, 6,
                new Endpoint("10.0.0.1", 29500), new Endpoint("10.0.0." + (node + 1), 29500)), Map.of(), jobDir);
        environment.writeContextFile(localRank);
        Map<String, String> env = new HashMap<>(environment.forWorker(localRank, Map.of()));
        env.put("YT_PROXY", cluster.proxyUrl().toString());
        env.put("YT_SECURE_VAULT_YT_TOKEN", "secret-token");
        env.put("YT_OPERATION_ID", "op-1");
        env.put("YT_JOB_ID", "job-" + node);
        env.put("TRACTORUN_CYPRESS_LINK_TEMPLATE", "https://ui/?path={path}");
        return env;
    }
}
