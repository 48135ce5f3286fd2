package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.job.log.LogLine;
import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.supervise.Supervisor;
import ai.tracto.tractorun.job.supervise.SupervisorOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The composition the bootstrap will make: environment per local rank, then one supervisor. */
@Timeout(60)
class WorkersOnOneNodeTest {
    @TempDir
    Path jobDir;

    @Test
    void fourWorkersOnOneNodeSeeConsistentRanksTheirContextFileAndTheUserEnv() throws Exception {
        BootstrapConfig config = WorkerEnvironmentTest.config(1, 4, 0, Backend.GENERIC,
                List.of(EnvVariable.ofValue("PLAIN", "p"), EnvVariable.fromCypress("SECRET", "//s")), List.of());
        WorkerEnvironment env = new WorkerEnvironment(config,
                new NodeTopology(0, 7, new Endpoint("127.0.0.1", 29500), new Endpoint("127.0.0.1", 29500)),
                Map.of("SECRET", "s3cr3t"), jobDir);
        String print = "echo \"$RANK/$WORLD_SIZE local $LOCAL_RANK/$LOCAL_WORLD_SIZE node $NODE_RANK"
                + " master $MASTER_ADDR:$MASTER_PORT env $PLAIN $SECRET\"; cat \"$TRACTORUN_CONTEXT\"; echo";
        BootstrapConfig withCommand = new BootstrapConfig(config.version(), config.ytPath(), config.mesh(),
                List.of("bash", "-c", print), config.env(), config.userConfig(), config.sidecars(), config.binds(),
                config.libBinds(), config.operationLogMode(), config.proxyStderrMode(), config.backend(),
                config.barrierTimeout(), config.clusterConfig());
        NodeProcesses node = NodeProcesses.plan(withCommand, env, Map.of("PATH", System.getenv("PATH")), jobDir, List.of());
        List<LogLine> lines = Collections.synchronizedList(new ArrayList<>());

        Supervisor supervisor = Supervisor.start(node.workers(), node.sidecars(), lines::add, SupervisorOptions.defaults());

        assertThat(supervisor.awaitExitCode()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        for (int rank = 0; rank < 4; rank++) {
            int r = rank;
            List<String> own = lines.stream().filter(l -> l.source().equals(LogSource.worker(r)))
                    .map(LogLine::text).toList();
            assertThat(own).hasSize(2);
            assertThat(own.get(0)).isEqualTo(rank + "/4 local " + rank + "/4 node 0 master 127.0.0.1:29500 env p s3cr3t");
            assertThat(mapper.readTree(own.get(1)).get("coordinator").get("self_index").asInt()).isEqualTo(rank);
            assertThat(mapper.readTree(own.get(1)).get("coordinator").get("incarnation_id").asLong()).isEqualTo(7);
        }
    }
}
