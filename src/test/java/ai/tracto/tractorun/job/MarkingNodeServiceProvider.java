package ai.tracto.tractorun.job;

import java.util.Map;

/**
 * A node service registered for tests through {@code META-INF/services}: every worker gets
 * {@code TRACTORUN_TEST_NODE_SERVICE=<node>/<local rank>/<incarnation>}, so tests see the
 * bootstrap start it after the rendezvous and before the workers.
 */
public final class MarkingNodeServiceProvider implements NodeServiceProvider {
    static final String VARIABLE = "TRACTORUN_TEST_NODE_SERVICE";

    @Override
    public NodeService start(NodeContext context) {
        return new NodeService() {
            @Override
            public Map<String, String> workerEnvironment(int localRank) {
                return Map.of(VARIABLE, context.job().nodeIndex() + "/" + localRank + "/"
                        + context.incarnation().id());
            }

            @Override
            public void close() {
                // Nothing to stop: this service serves nothing.
            }
        };
    }
}
