package ai.tracto.tractorun;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of the gang: {@code nodeCount} jobs, each running {@code processPerNode} workers
 * with {@code gpuPerProcess} GPUs each, scheduled in {@code pool} of {@code poolTrees}.
 */
public record Mesh(int nodeCount, int processPerNode, int gpuPerProcess,
                   List<String> poolTrees, Optional<String> pool) {
    public Mesh {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("mesh.node_count must be at least 1, got " + nodeCount);
        }
        if (processPerNode < 1) {
            throw new IllegalArgumentException(
                    "mesh.process_per_node must be at least 1, got " + processPerNode);
        }
        if (gpuPerProcess < 0) {
            throw new IllegalArgumentException(
                    "mesh.gpu_per_process must not be negative, got " + gpuPerProcess);
        }
        poolTrees = List.copyOf(Objects.requireNonNull(poolTrees, "poolTrees"));
        Objects.requireNonNull(pool, "pool");
    }

    /** One node, one process, no GPU: the defaults of OPTIONS-SPEC. */
    public static Mesh defaults() {
        return new Mesh(1, 1, 0, List.of(), Optional.empty());
    }

    public int worldSize() {
        return nodeCount * processPerNode;
    }
}
