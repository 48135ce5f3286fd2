package ai.tracto.tractorun.localcluster;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * How to start an embedded cluster: its state directory, its port (0 = any free one) and,
 * optionally, the operation service built from the operations directory and the file store
 * (by default the {@link ai.tracto.tractorun.localcluster.operations.VanillaScheduler}, which
 * runs vanilla jobs as local processes).
 */
public record LocalClusterOptions(Path root, int port,
                                  Optional<BiFunction<Path, FileStore, OperationService>> operations) {
    public LocalClusterOptions {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(operations, "operations");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
    }

    public LocalClusterOptions(Path root, int port) {
        this(root, port, Optional.empty());
    }

    public LocalClusterOptions withOperations(BiFunction<Path, FileStore, OperationService> factory) {
        return new LocalClusterOptions(root, port, Optional.of(factory));
    }
}
