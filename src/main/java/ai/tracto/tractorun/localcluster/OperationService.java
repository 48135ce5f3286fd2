package ai.tracto.tractorun.localcluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The embedded cluster's scheduler, as the HTTP layer sees it. */
public interface OperationService extends AutoCloseable {
    String startOperation(String operationType, ObjectNode spec, Optional<String> transactionId, String user);
    ObjectNode getOperation(String operationId, Optional<List<String>> attributes);
    void abortOperation(String operationId, Optional<String> message);
    ObjectNode listJobs(String operationId, ObjectNode parameters);
    InputStream jobStderr(String operationId, String jobId);
    void updateOperationParameters(String operationId, ObjectNode parameters);
    void transactionFinished(String transactionId);
    @Override
    void close();
}
