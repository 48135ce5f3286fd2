package ai.tracto.tractorun.job;

import java.util.Map;

/**
 * Something a node serves to its own workers for as long as they run, started by the bootstrap
 * after the rendezvous and before the workers, and closed after every process is gone. The
 * toolbox endpoint is one: it hands each worker {@code TRACTORUN_TOOLBOX_URL}.
 */
public interface NodeService extends AutoCloseable {
    /**
     * Variables added to the environment of the worker with {@code localRank}; they take
     * precedence over the user's {@code env}.
     */
    Map<String, String> workerEnvironment(int localRank);

    /** Stops serving; called once, after the workers and sidecars are gone. */
    @Override
    void close();
}
