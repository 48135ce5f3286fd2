package ai.tracto.tractorun.job;

/**
 * Starts a {@link NodeService} in every job. Implementations are found with
 * {@link java.util.ServiceLoader} (listed in {@code META-INF/services/ai.tracto.tractorun.job.NodeServiceProvider}),
 * so the bootstrap does not depend on the packages that provide them.
 */
public interface NodeServiceProvider {
    /**
     * Starts the service for this node; a failure fails the job before any worker starts.
     */
    NodeService start(NodeContext context);
}
