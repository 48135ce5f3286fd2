package ai.tracto.tractorun;

import java.util.List;
import java.util.Objects;

/** An extra process that runs next to the workers on every node. */
public record Sidecar(List<String> command, RestartPolicy restartPolicy) {
    public Sidecar {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        Objects.requireNonNull(restartPolicy, "restartPolicy");
    }
}
