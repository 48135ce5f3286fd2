package ai.tracto.tractorun.job;

import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.supervise.ProcessSpec;
import ai.tracto.tractorun.job.supervise.SidecarSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one node runs: {@code process_per_node} workers of the config's command, each with
 * its own environment and context file, and the config's sidecars. The bridge between the
 * bootstrap config and the {@link ai.tracto.tractorun.job.supervise.Supervisor}.
 */
public record NodeProcesses(List<ProcessSpec> workers, List<SidecarSpec> sidecars) {
    public NodeProcesses {
        workers = List.copyOf(workers);
        sidecars = List.copyOf(sidecars);
    }

    /**
     * Writes each worker's toolbox context file and describes the node's processes.
     *
     * @param inherited the environment the job itself got (the spec's environment, YT_* variables)
     * @param jobDir the working directory of every process (the sandbox)
     * @param services the node's services, whose variables go into each worker's environment
     *     over everything else (the user's {@code env} included)
     */
    public static NodeProcesses plan(BootstrapConfig config, WorkerEnvironment environment,
                                     Map<String, String> inherited, Path jobDir, List<NodeService> services) {
        List<ProcessSpec> workers = new ArrayList<>();
        for (int localRank : environment.localRanks()) {
            environment.writeContextFile(localRank);
            Map<String, String> workerEnv = new LinkedHashMap<>(environment.forWorker(localRank, inherited));
            for (NodeService service : services) {
                workerEnv.putAll(service.workerEnvironment(localRank));
            }
            workers.add(new ProcessSpec(LogSource.worker(environment.rank(localRank)), config.command(), workerEnv,
                    jobDir));
        }
        List<SidecarSpec> sidecars = new ArrayList<>();
        for (int index = 0; index < config.sidecars().size(); index++) {
            Sidecar sidecar = config.sidecars().get(index);
            sidecars.add(new SidecarSpec(new ProcessSpec(LogSource.sidecar(index), sidecar.command(),
                    environment.forSidecar(index, inherited), jobDir), sidecar.restartPolicy()));
        }
        return new NodeProcesses(workers, sidecars);
    }
}
