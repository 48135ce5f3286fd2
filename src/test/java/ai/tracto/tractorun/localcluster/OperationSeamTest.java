package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationSeamTest {
    @TempDir
    Path root;
    LocalCluster cluster;
    V4 yt;
    final RecordingOperations operations = new RecordingOperations();
    FileStore files;
    Path operationsDir;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0).withOperations((dir, store) -> {
            operationsDir = dir;
            files = store;
            return operations;
        }));
        yt = new V4(cluster.proxyUrl());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theFactoryGetsTheOperationsDirectoryAndAFileStore() throws Exception {
        assertThat(operationsDir).isEqualTo(root.toAbsolutePath().resolve("operations"));
        yt.create("file", "//tmp/run.sh");
        yt.call("PUT", "write_file", params("path", "//tmp/run.sh"), "echo hi".getBytes(StandardCharsets.UTF_8));
        yt.call("POST", "link", params("target_path", "//tmp/run.sh", "link_path", "//tmp/ln"), null);
        Path target = root.resolve("copied.sh");
        files.copyFileTo("//tmp/ln", target);
        assertThat(Files.readString(target)).isEqualTo("echo hi");
        ServerError missing = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> files.copyFileTo("//tmp/none", target), ServerError.class);
        assertThat(missing.code()).isEqualTo(500);
    }

    @Test
    void everyCopyOfAStoredFileCarriesTheTimeItsBytesWereStored() throws Exception {
        yt.create("file", "//tmp/tractorun.jar");
        yt.call("PUT", "write_file", params("path", "//tmp/tractorun.jar"), "classes".getBytes(StandardCharsets.UTF_8));
        Instant afterStoring = Instant.now();
        // File times come from a coarse clock: let it move past the write before copying.
        Thread.sleep(50);

        files.copyFileTo("//tmp/tractorun.jar", root.resolve("first.jar"));
        files.copyFileTo("//tmp/tractorun.jar", root.resolve("second.jar"));

        FileTime first = Files.getLastModifiedTime(root.resolve("first.jar"));
        assertThat(first.toInstant()).isBeforeOrEqualTo(afterStoring);
        assertThat(Files.getLastModifiedTime(root.resolve("second.jar"))).isEqualTo(first);
    }

    @Test
    void operationCommandsReachTheServiceWithTheirParameters() throws Exception {
        String tx = yt.startTx("timeout", 60000);
        String id = yt.inTx(tx).call("POST", "start_operation",
                params("operation_type", "vanilla", "spec", Map.of("tasks", Map.of())), null).get("operation_id").asText();
        assertThat(id).isEqualTo("op-1");
        assertThat(operations.calls).contains("start vanilla tx=" + tx);
        assertThat(yt.call("GET", "get_operation", params("operation_id", "op-1"), null).get("state").asText()).isEqualTo("running");
        yt.call("POST", "abort_operation", params("operation_id", "op-1", "abort_message", "stop"), null);
        assertThat(operations.calls).contains("abort op-1 stop");
        assertThat(new String(yt.bytes("GET", "get_job_stderr", params("operation_id", "op-1", "job_id", "j"), null),
                StandardCharsets.UTF_8)).isEqualTo("stderr of j");
        assertThat(yt.call("GET", "list_jobs", params("operation_id", "op-1"), null).get("jobs").size()).isZero();
        yt.call("POST", "update_operation_parameters", params("operation_id", "op-1", "parameters", Map.of("pool", "p")), null);
        assertThat(operations.calls).contains("update op-1 {\"pool\":\"p\"}");
    }

    @Test
    void startingAnOperationUnderAMissingTransactionFails() {
        V4.Failure f = V4.failure(() -> yt.inTx("1-1-1-1").call("POST", "start_operation",
                params("operation_type", "vanilla", "spec", Map.of()), null));
        assertThat(f.code).isEqualTo(11000);
    }

    @Test
    void theServiceHearsOfCommittedAbortedAndExpiredTransactions() throws Exception {
        String committed = yt.startTx();
        String aborted = yt.startTx();
        String expired = yt.startTx("timeout", 200);
        yt.commit(committed);
        yt.abort(aborted);
        Wait.until(Duration.ofSeconds(30), () -> operations.finished.contains(expired));
        assertThat(operations.finished).contains(committed, aborted, expired);
    }

    /** Records what the cluster asks of its operation service. */
    static final class RecordingOperations implements OperationService {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> finished = new CopyOnWriteArrayList<>();

        @Override
        public String startOperation(String operationType, ObjectNode spec, Optional<String> transactionId, String user) {
            calls.add("start " + operationType + " tx=" + transactionId.orElse("none"));
            return "op-1";
        }

        @Override
        public ObjectNode getOperation(String operationId, Optional<List<String>> attributes) {
            return V4.JSON.createObjectNode().put("id", operationId).put("state", "running");
        }

        @Override
        public void abortOperation(String operationId, Optional<String> message) {
            calls.add("abort " + operationId + " " + message.orElse(""));
        }

        @Override
        public ObjectNode listJobs(String operationId, ObjectNode parameters) {
            ObjectNode out = V4.JSON.createObjectNode();
            out.putArray("jobs");
            return out;
        }

        @Override
        public InputStream jobStderr(String operationId, String jobId) {
            return new ByteArrayInputStream(("stderr of " + jobId).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void updateOperationParameters(String operationId, ObjectNode parameters) {
            calls.add("update " + operationId + " " + parameters);
        }

        @Override
        public void addChangeListener(Runnable listener) {
        }

        @Override
        public void transactionFinished(String transactionId) {
            finished.add(transactionId);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
