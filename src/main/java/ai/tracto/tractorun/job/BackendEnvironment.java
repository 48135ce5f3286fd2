package ai.tracto.tractorun.job;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.Mesh;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What each framework needs beyond the generic rendezvous variables. GPU ids are announced,
 * never enforced: {@code CUDA_VISIBLE_DEVICES} is left as the cluster set it, because narrowing
 * it would renumber devices under frameworks that pick {@code cuda:LOCAL_RANK} themselves.
 */
final class BackendEnvironment {
    /** The GPUs of this process, comma-separated: local_rank × gpu_per_process onwards. */
    static final String TRACTORUN_GPU_IDS = "TRACTORUN_GPU_IDS";

    private BackendEnvironment() {}

    static Map<String, String> forWorker(Backend backend, Mesh mesh, NodeTopology topology, int rank,
                                         int localRank) {
        Map<String, String> env = new LinkedHashMap<>();
        String gpuIds = IntStream.range(0, mesh.gpuPerProcess())
                .mapToObj(i -> Integer.toString(localRank * mesh.gpuPerProcess() + i))
                .collect(Collectors.joining(","));
        switch (backend) {
            case GENERIC -> { }
            case TORCH -> {
                if (mesh.gpuPerProcess() > 0) {
                    env.put(TRACTORUN_GPU_IDS, gpuIds);
                }
            }
            case JAX -> {
                env.put("JAX_COORDINATOR_ADDRESS", topology.primaryEndpoint().toString());
                env.put("JAX_NUM_PROCESSES", Integer.toString(mesh.worldSize()));
                env.put("JAX_PROCESS_ID", Integer.toString(rank));
                if (mesh.gpuPerProcess() > 0) {
                    env.put("JAX_LOCAL_DEVICE_IDS", gpuIds);
                    env.put(TRACTORUN_GPU_IDS, gpuIds);
                }
            }
        }
        return env;
    }
}
