package ai.tracto.tractorun.localcluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The operation service of a cluster started without one: every operation command says so. */
final class UnconfiguredOperations implements OperationService {
    private static ServerError unavailable() {
        return new ServerError(ErrorCodes.GENERIC,
                "Operations are not configured on this embedded cluster (LocalClusterOptions.operations is empty)");
    }

    @Override
    public String startOperation(String operationType, ObjectNode spec, Optional<String> transactionId, String user) {
        throw unavailable();
    }

    @Override
    public ObjectNode getOperation(String operationId, Optional<List<String>> attributes) {
        throw unavailable();
    }

    @Override
    public void abortOperation(String operationId, Optional<String> message) {
        throw unavailable();
    }

    @Override
    public ObjectNode listJobs(String operationId, ObjectNode parameters) {
        throw unavailable();
    }

    @Override
    public InputStream jobStderr(String operationId, String jobId) {
        throw unavailable();
    }

    @Override
    public void updateOperationParameters(String operationId, ObjectNode parameters) {
        throw unavailable();
    }

    @Override
    public void transactionFinished(String transactionId) {
        // No operations, so none depends on a transaction.
    }

    @Override
    public void close() {
        // Nothing runs.
    }
}
