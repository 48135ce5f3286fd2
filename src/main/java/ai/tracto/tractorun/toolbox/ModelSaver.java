package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Saves a trained model as the Python tractorun does: the primary writes the file
 * {@code <yt_path>/models/<incarnation>} and sets its {@code @tractorun} attribute to
 * {@code {dataset_path, operation_id, job_id, incarnation_id, metadata, user_config, mesh}};
 * other workers only learn the path. File and attribute are written in one transaction, so a
 * model never appears without its attribute.
 */
public final class ModelSaver {
    private final YtClient yt;
    private final String ytPath;
    private final Coordinator coordinator;
    private final Mesh mesh;
    private final JsonNode userConfig;
    private final Optional<String> operationId;
    private final Optional<String> jobId;

    public ModelSaver(YtClient yt, String ytPath, Coordinator coordinator, Mesh mesh, JsonNode userConfig,
                      Optional<String> operationId, Optional<String> jobId) {
        this.yt = Objects.requireNonNull(yt, "yt");
        this.ytPath = Objects.requireNonNull(ytPath, "ytPath");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.userConfig = userConfig == null ? JsonNodeFactory.instance.nullNode() : userConfig.deepCopy();
        this.operationId = Objects.requireNonNull(operationId, "operationId");
        this.jobId = Objects.requireNonNull(jobId, "jobId");
    }

    /** Where this incarnation's model goes: {@code <yt_path>/models/<incarnation>}. */
    public String modelPath() {
        return ytPath + "/models/" + coordinator.incarnationId();
    }

    /**
     * Streams {@code data} into the model file when this worker is the primary; does nothing on
     * the others. The stream is read to its end, not closed.
     *
     * @param datasetPath the table the model was trained on, recorded in the attribute; may be null
     * @param metadata anything worth keeping with the model; null means {@code {}}
     * @return {@link #modelPath()}
     */
    public String save(InputStream data, String datasetPath, JsonNode metadata) {
        Objects.requireNonNull(data, "data");
        String path = modelPath();
        if (!coordinator.isPrimary()) {
            return path;
        }
        try (Transaction transaction = yt.startTransaction(TransactionOptions.defaults())) {
            YtClient tx = transaction.client();
            tx.create("file", path, CreateOptions.builder().recursive(true).ignoreExisting(true).build());
            tx.writeFile(path, data, false);
            tx.set(path + "/@tractorun", attribute(datasetPath, metadata));
            transaction.commit();
        }
        return path;
    }

    public String save(byte[] data, String datasetPath, JsonNode metadata) {
        return save(new ByteArrayInputStream(Objects.requireNonNull(data, "data")), datasetPath, metadata);
    }

    public String save(Path data, String datasetPath, JsonNode metadata) {
        try (InputStream in = Files.newInputStream(data)) {
            return save(in, datasetPath, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + data, e);
        }
    }

    ObjectNode attribute(String datasetPath, JsonNode metadata) {
        ObjectNode attribute = JsonNodeFactory.instance.objectNode();
        attribute.put("dataset_path", datasetPath);
        attribute.put("operation_id", operationId.orElse(null));
        attribute.put("job_id", jobId.orElse(null));
        attribute.put("incarnation_id", coordinator.incarnationId());
        attribute.set("metadata", metadata == null || metadata.isNull()
                ? JsonNodeFactory.instance.objectNode() : metadata.deepCopy());
        attribute.set("user_config", userConfig.deepCopy());
        ObjectNode meshNode = attribute.putObject("mesh");
        meshNode.put("node_count", mesh.nodeCount());
        meshNode.put("process_per_node", mesh.processPerNode());
        meshNode.put("gpu_per_process", mesh.gpuPerProcess());
        if (mesh.poolTrees().isEmpty()) {
            meshNode.putNull("pool_trees");
        } else {
            mesh.poolTrees().forEach(meshNode.putArray("pool_trees")::add);
        }
        return attribute;
    }
}
