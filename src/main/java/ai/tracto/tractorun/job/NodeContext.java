package ai.tracto.tractorun.job;

import ai.tracto.tractorun.yt.YtClient;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link NodeService} may use: the bootstrap config, this job, its incarnation, the
 * workers' environment (with {@link WorkerEnvironment#coordinator(int)} per local rank), a client
 * of the cluster (closed by the bootstrap after the service) and the job's directory.
 */
public record NodeContext(BootstrapConfig config, JobIdentity job, Incarnation incarnation,
                          WorkerEnvironment environment, YtClient client, Path jobDir) {
    public NodeContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(jobDir, "jobDir");
    }
}
