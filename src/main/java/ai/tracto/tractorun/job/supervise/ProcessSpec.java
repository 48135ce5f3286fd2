package ai.tracto.tractorun.job.supervise;

import ai.tracto.tractorun.job.log.LogSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to run: its command, its complete environment (nothing is inherited beyond it)
 * and its working directory. {@code source} names it in logs: {@code [rank 3]}, {@code [sidecar 0]}.
 */
public record ProcessSpec(LogSource source, List<String> command, Map<String, String> environment,
                          Path directory) {
    public ProcessSpec {
        Objects.requireNonNull(source, "source");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(directory, "directory");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command of " + source + " must not be empty");
        }
    }
}
