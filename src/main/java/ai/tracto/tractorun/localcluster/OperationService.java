package ai.tracto.tractorun.localcluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The operation commands of the embedded cluster. The HTTP front end parses parameters and
 * hands them here; implementations answer with the bodies YTsaurus sends (get_operation and
 * list_jobs are not wrapped) and throw {@link ServerError} with YTsaurus codes.
 */
public interface OperationService extends AutoCloseable {
    String startOperation(String operationType, ObjectNode spec, Optional<String> transactionId, String user);

    ObjectNode getOperation(String operationId, Optional<List<String>> attributes);

    void abortOperation(String operationId, Optional<String> message);

    ObjectNode listJobs(String operationId, ObjectNode parameters);

    /** The whole stderr of a job as captured. */
    InputStream jobStderr(String operationId, String jobId);

    void updateOperationParameters(String operationId, ObjectNode parameters);

    /**
     * Runs {@code listener} after every change of an operation's or a job's state, on a cluster
     * thread: it must return at once and must not call the cluster. Clients still read the state
     * through {@code get_operation}; this only tells an in-process client when to look.
     */
    void addChangeListener(Runnable listener);

    /** Called by the cluster when a transaction commits, aborts or expires. */
    void transactionFinished(String transactionId);

    /** Aborts running operations and kills their processes. */
    @Override
    void close();
}
