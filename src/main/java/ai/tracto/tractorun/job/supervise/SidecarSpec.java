package ai.tracto.tractorun.job.supervise;

import ai.tracto.tractorun.RestartPolicy;
import java.util.Objects;

/** A sidecar process and what to do when it exits. */
public record SidecarSpec(ProcessSpec process, RestartPolicy restartPolicy) {
    public SidecarSpec {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
    }
}
