package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.StderrMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerEnvironmentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Endpoint PRIMARY = new Endpoint("10.0.0.1", 29500);

    @TempDir
    Path jobDir;

    static BootstrapConfig config(int nodes, int processes, int gpus, Backend backend, List<EnvVariable> env,
                                  List<LibBindArchive> libs) throws Exception {
        return new BootstrapConfig("0.1.0", "//tmp/train", new Mesh(nodes, processes, gpus, List.of(), Optional.empty()),
                List.of("python3", "main.py"), env, Optional.of(MAPPER.readTree("{\"a\":\"b\"}")), List.of(), List.of(),
                libs, OperationLogMode.DEFAULT, StderrMode.DISABLED, backend, BootstrapConfig.DEFAULT_BARRIER_TIMEOUT,
                Optional.empty());
    }

    private WorkerEnvironment environment(BootstrapConfig config, int nodeIndex) {
        return new WorkerEnvironment(config, new NodeTopology(nodeIndex, 4, PRIMARY,
                new Endpoint("10.0.0." + (nodeIndex + 1), 29500)), Map.of("SECRET", "from-cypress"), jobDir);
    }

    @Test
    void aOneByFourMeshGivesRanksZeroToThreeWithTheRendezvousVariables() throws Exception {
        WorkerEnvironment env = environment(config(1, 4, 0, Backend.GENERIC, List.of(), List.of()), 0);

        for (int local = 0; local < 4; local++) {
            Map<String, String> vars = env.forWorker(local, Map.of());
            assertThat(vars).containsEntry("MASTER_ADDR", "10.0.0.1")
                    .containsEntry("MASTER_PORT", "29500")
                    .containsEntry("WORLD_SIZE", "4")
                    .containsEntry("RANK", Integer.toString(local))
                    .containsEntry("NODE_RANK", "0")
                    .containsEntry("LOCAL_RANK", Integer.toString(local))
                    .containsEntry("LOCAL_WORLD_SIZE", "4")
                    .containsEntry("YT_USER_CONFIG", "{\"a\":\"b\"}")
                    .containsEntry("TRACTORUN_CONTEXT", jobDir.resolve(".tractorun/context/rank-" + local + ".json")
                            .toAbsolutePath().toString());
        }
    }

    @Test
    void theRankOfAWorkerIsNodeIndexTimesProcessesPerNodePlusLocalRank() throws Exception {
        WorkerEnvironment env = environment(config(3, 2, 0, Backend.GENERIC, List.of(), List.of()), 2);

        assertThat(env.forWorker(0, Map.of())).containsEntry("RANK", "4").containsEntry("NODE_RANK", "2")
                .containsEntry("WORLD_SIZE", "6").containsEntry("LOCAL_WORLD_SIZE", "2");
        assertThat(env.forWorker(1, Map.of())).containsEntry("RANK", "5").containsEntry("LOCAL_RANK", "1");
    }

    @Test
    void userEnvComesFromLiteralsAndResolvedCypressValuesButCannotOverrideTheRank() throws Exception {
        List<EnvVariable> user = List.of(EnvVariable.ofValue("PLAIN", "1"), EnvVariable.fromCypress("SECRET", "//s"),
                EnvVariable.ofValue("RANK", "99"));
        WorkerEnvironment env = environment(config(1, 2, 0, Backend.GENERIC, user, List.of()), 0);

        Map<String, String> vars = env.forWorker(1, Map.of("HOME", "/home/job", "PLAIN", "inherited"));

        assertThat(vars).containsEntry("PLAIN", "1").containsEntry("SECRET", "from-cypress")
                .containsEntry("HOME", "/home/job").containsEntry("RANK", "1");
    }

    @Test
    void aCypressVariableWithoutAResolvedValueIsAnError() throws Exception {
        BootstrapConfig config = config(1, 1, 0, Backend.GENERIC, List.of(EnvVariable.fromCypress("TOKEN", "//t")),
                List.of());
        NodeTopology topology = new NodeTopology(0, 0, PRIMARY, PRIMARY);

        assertThatThrownBy(() -> new WorkerEnvironment(config, topology, Map.of(), jobDir))
                .hasMessage("env variable TOKEN from //t has no resolved value");
    }

    @Test
    void theContextFileHoldsTheCoordinatorMeshPathAndUserConfig() throws Exception {
        WorkerEnvironment env = environment(config(2, 2, 0, Backend.GENERIC, List.of(), List.of()), 1);

        Path file = env.writeContextFile(1);

        JsonNode context = MAPPER.readTree(Files.readString(file));
        assertThat(file.toString()).isEqualTo(env.forWorker(1, Map.of()).get("TRACTORUN_CONTEXT"));
        assertThat(context).isEqualTo(MAPPER.readTree("""
                {"coordinator": {"self_index": 3, "peer_count": 4, "process_index": 1, "node_index": 1,
                                 "incarnation_id": 4, "primary_endpoint": "10.0.0.1:29500",
                                 "self_endpoint": "10.0.0.2:29500"},
                 "mesh": {"node_count": 2, "process_per_node": 2, "gpu_per_process": 0},
                 "yt_path": "//tmp/train", "user_config": {"a": "b"}, "backend": "generic",
                 "cluster_config": null}
                """));
    }

    @Test
    void theContextFileNamesTheOperationTheJobAndTheClusterConfigSoTheToolboxNeedNotAskTheEnvironment()
            throws Exception {
        BootstrapConfig base = config(2, 2, 0, Backend.GENERIC, List.of(), List.of());
        BootstrapConfig config = new BootstrapConfig(base.version(), base.ytPath(), base.mesh(), base.command(),
                base.env(), base.userConfig(), base.sidecars(), base.binds(), base.libBinds(), base.operationLogMode(),
                base.proxyStderrMode(), base.backend(), base.barrierTimeout(),
                Optional.of(MAPPER.readTree("{\"cypress_link_template\": \"https://ui/?path={path}\"}")));
        Endpoint self = new Endpoint("10.0.0.2", 29500);
        WorkerEnvironment env = new WorkerEnvironment(config, new NodeTopology(1, 4, PRIMARY, self), Map.of(),
                jobDir, Optional.of(new JobIdentity("op-7", "job-1", 1, self)));

        JsonNode context = MAPPER.readTree(Files.readString(env.writeContextFile(0)));

        assertThat(context.path("operation_id").asText()).isEqualTo("op-7");
        assertThat(context.path("job_id").asText()).isEqualTo("job-1");
        assertThat(context.path("cluster_config"))
                .isEqualTo(MAPPER.readTree("{\"cypress_link_template\": \"https://ui/?path={path}\"}"));
    }

    @Test
    void torchWorkersAreToldTheirGpuIdsWithoutNarrowingCudaVisibleDevices() throws Exception {
        WorkerEnvironment env = environment(config(1, 4, 2, Backend.TORCH, List.of(), List.of()), 0);

        Map<String, String> vars = env.forWorker(1, Map.of("CUDA_VISIBLE_DEVICES", "0,1,2,3,4,5,6,7"));

        assertThat(vars).containsEntry("TRACTORUN_GPU_IDS", "2,3")
                .containsEntry("CUDA_VISIBLE_DEVICES", "0,1,2,3,4,5,6,7");
    }

    @Test
    void jaxWorkersGetTheCoordinatorAddressProcessCountIdAndLocalDevices() throws Exception {
        WorkerEnvironment env = environment(config(2, 2, 1, Backend.JAX, List.of(), List.of()), 1);

        assertThat(env.forWorker(1, Map.of())).containsEntry("JAX_COORDINATOR_ADDRESS", "10.0.0.1:29500")
                .containsEntry("JAX_NUM_PROCESSES", "4").containsEntry("JAX_PROCESS_ID", "3")
                .containsEntry("JAX_LOCAL_DEVICE_IDS", "1");
    }

    @Test
    void libBindsPutTheLibsDirectoryFirstOnPythonPathAndTheLibsOnTheClasspath() throws Exception {
        WorkerEnvironment env = environment(config(1, 1, 0, Backend.GENERIC, List.of(),
                List.of(new LibBindArchive("lib_0.zip", "mylib"))), 0);
        Path libs = jobDir.toAbsolutePath().resolve(".tractorun/libs");

        Map<String, String> vars = env.forWorker(0, Map.of("PYTHONPATH", "/opt/py"));

        assertThat(vars).containsEntry("PYTHONPATH", libs + ":/opt/py")
                .containsEntry("CLASSPATH", libs.resolve("mylib") + ":" + libs.resolve("mylib") + "/*");
    }

    @Test
    void sidecarsGetTheNodeWideVariablesButNoRank() throws Exception {
        WorkerEnvironment env = environment(config(2, 2, 0, Backend.GENERIC, List.of(), List.of()), 1);

        Map<String, String> vars = env.forSidecar(0, Map.of());

        assertThat(vars).containsEntry("NODE_RANK", "1").containsEntry("WORLD_SIZE", "4")
                .containsEntry("TRACTORUN_SIDECAR_INDEX", "0").doesNotContainKeys("RANK", "LOCAL_RANK");
    }

    @Test
    void aLocalRankOutsideTheNodeIsRejected() throws Exception {
        WorkerEnvironment env = environment(config(1, 2, 0, Backend.GENERIC, List.of(), List.of()), 0);

        assertThatThrownBy(() -> env.forWorker(2, Map.of())).hasMessage("local rank must be within 0..1, got 2");
    }
}
