package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each operation's record in {@code <root>/<operation-id>/operation.json}, written through
 * a temporary file and an atomic rename so a killed cluster never leaves a torn record.
 */
final class OperationStore {
    private static final Logger LOG = LoggerFactory.getLogger(OperationStore.class);
    private static final String RECORD = "operation.json";
    private static final Set<String> FINISHED = Set.of("completed", "failed", "aborted");

    private final Path root;

    OperationStore(Path root) {
        this.root = root;
    }

    Path directoryOf(String operationId) {
        return root.resolve(operationId);
    }

    void save(String operationId, ObjectNode record) {
        Path dir = directoryOf(operationId);
        Path tmp = dir.resolve(RECORD + ".tmp");
        try {
            Files.createDirectories(dir);
            YtValues.JSON.writeValue(tmp.toFile(), record);
            Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save operation record " + dir.resolve(RECORD), e);
        }
    }

    /** The directories of every operation recorded so far: those of earlier runs, when called at start. */
    List<Path> recordedDirectories() {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                result.add(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list operations in " + root, e);
        }
        return result;
    }

    /**
     * Loads the operation recorded in {@code dir} by an earlier run. One that was not finished
     * belonged to a cluster that stopped without finishing it (its jobs died with it, see
     * {@link JobProcess}): it is recorded as aborted. Empty when there is no readable record.
     */
    Optional<StoredOperation> loadEarlier(Path dir) {
        Path file = dir.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode record = YtValues.JSON.readTree(file.toFile());
            ObjectNode operation = (ObjectNode) record.get("operation");
            if (!FINISHED.contains(operation.path("state").asText())) {
                markAborted(record);
                save(dir.getFileName().toString(), (ObjectNode) record);
            }
            return Optional.of(StoredOperation.fromRecord(record, dir));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping unreadable operation record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static void markAborted(JsonNode record) {
        String now = YtValues.time(Instant.now());
        ObjectNode operation = (ObjectNode) record.get("operation");
        operation.put("state", "aborted");
        operation.put("finish_time", now);
        operation.putObject("result").set("error",
                new ServerError(ErrorCodes.GENERIC, "Operation aborted: cluster restarted").toJson());
        int running = 0;
        for (JsonNode job : record.path("jobs")) {
            if ("running".equals(job.path("state").asText())) {
                ((ObjectNode) job).put("state", "aborted");
                ((ObjectNode) job).put("finish_time", now);
                running++;
            }
        }
        for (String key : List.of("brief_progress", "progress")) {
            JsonNode jobs = operation.path(key).path("jobs");
            if (jobs.isObject()) {
                ObjectNode counts = (ObjectNode) jobs;
                counts.put("aborted", counts.path("aborted").asInt() + running);
                counts.put("running", 0);
                counts.put("pending", 0);
            }
        }
    }
}
