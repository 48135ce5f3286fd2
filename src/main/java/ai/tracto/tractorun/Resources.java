package ai.tracto.tractorun;

import java.util.Objects;
import java.util.Optional;

/**
 * Per-node resource limits; an absent limit leaves the cluster's default in place.
 *
 * @param cpuLimit    CPU cores for the node (fractions allowed)
 * @param memoryLimit memory for the node, in bytes
 */
public record Resources(Optional<Double> cpuLimit, Optional<Long> memoryLimit) {
    public Resources {
        Objects.requireNonNull(cpuLimit, "cpuLimit");
        Objects.requireNonNull(memoryLimit, "memoryLimit");
        cpuLimit.ifPresent(cpu -> {
            if (!(cpu > 0) || cpu.isInfinite()) {
                throw new TractorunConfigException("resources.cpu_limit", String.valueOf(cpu),
                        "a positive number of CPU cores");
            }
        });
        memoryLimit.ifPresent(bytes -> {
            if (bytes <= 0) {
                throw new TractorunConfigException("resources.memory_limit", String.valueOf(bytes),
                        "a positive number of bytes");
            }
        });
    }

    /** No limits: the cluster's defaults apply. */
    public static Resources defaults() {
        return new Resources(Optional.empty(), Optional.empty());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.cpuLimit = cpuLimit.orElse(null);
        builder.memoryLimit = memoryLimit.orElse(null);
        return builder;
    }

    public static final class Builder {
        private Double cpuLimit;
        private Long memoryLimit;

        private Builder() {}

        public Builder cpuLimit(double cores) {
            this.cpuLimit = cores;
            return this;
        }

        public Builder memoryLimit(long bytes) {
            this.memoryLimit = bytes;
            return this;
        }

        public Resources build() {
            return new Resources(Optional.ofNullable(cpuLimit), Optional.ofNullable(memoryLimit));
        }
    }
}
