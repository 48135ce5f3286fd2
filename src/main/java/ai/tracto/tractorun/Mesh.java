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
            throw new TractorunConfigException("mesh.node_count", String.valueOf(nodeCount),
                    "an integer of at least 1");
        }
        if (processPerNode < 1) {
            throw new TractorunConfigException("mesh.process_per_node", String.valueOf(processPerNode),
                    "an integer of at least 1");
        }
        if (gpuPerProcess < 0) {
            throw new TractorunConfigException("mesh.gpu_per_process", String.valueOf(gpuPerProcess),
                    "an integer of at least 0");
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

    /** GPUs each node asks for: every process on it gets its own. */
    public int gpuPerNode() {
        return processPerNode * gpuPerProcess;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().nodeCount(nodeCount).processPerNode(processPerNode)
                .gpuPerProcess(gpuPerProcess).poolTrees(poolTrees).pool(pool.orElse(null));
    }

    /** Starts from the defaults (1 node, 1 process, no GPU, default pool tree and pool). */
    public static final class Builder {
        private int nodeCount = 1;
        private int processPerNode = 1;
        private int gpuPerProcess = 0;
        private List<String> poolTrees = List.of();
        private String pool;

        private Builder() {}

        public Builder nodeCount(int nodeCount) {
            this.nodeCount = nodeCount;
            return this;
        }

        public Builder processPerNode(int processPerNode) {
            this.processPerNode = processPerNode;
            return this;
        }

        public Builder gpuPerProcess(int gpuPerProcess) {
            this.gpuPerProcess = gpuPerProcess;
            return this;
        }

        public Builder poolTrees(List<String> poolTrees) {
            this.poolTrees = List.copyOf(poolTrees);
            return this;
        }

        public Builder poolTrees(String... poolTrees) {
            return poolTrees(List.of(poolTrees));
        }

        /** The pool, or {@code null} for the user's default pool. */
        public Builder pool(String pool) {
            this.pool = pool;
            return this;
        }

        public Mesh build() {
            return new Mesh(nodeCount, processPerNode, gpuPerProcess, poolTrees, Optional.ofNullable(pool));
        }
    }
}
