package ai.tracto.tractorun.job;

/**
 * Starts a {@link NodeService} in every job. Implementations are found with
 * {@link java.util.ServiceLoader} (listed in {@code META-INF/services/ai.tracto.tractorun.job.NodeServiceProvider}),
 * so the bootstrap does not depend on the packages that provide them.
 */
public interface NodeServiceProvider {
    /**
     * Called once on the bootstrap's start-up thread while the node still joins the rendezvous,
     * before {@link #start}: loads and initializes what {@code start} needs, so that the workers
     * are not kept waiting for it. A failure here is ignored ({@code start} reports what is
     * wrong); by default does nothing.
     */
    default void prepare() {
    }

    /**
     * Starts the service for this node; a failure fails the job before any worker starts.
     */
    NodeService start(NodeContext context);
}
