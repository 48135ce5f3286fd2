package ai.tracto.tractorun;

import java.util.Arrays;
import java.util.Optional;

/** Which framework's distributed environment each worker is given. */
public enum Backend {
    /** Only the generic rendezvous environment (MASTER_ADDR, RANK, ...). */
    GENERIC("generic"),
    /** What {@code torch.distributed} with {@code env://} needs, plus GPU ids per process. */
    TORCH("torch"),
    /** What {@code jax.distributed.initialize} needs. */
    JAX("jax");

    private final String wireName;

    Backend(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Backend> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
