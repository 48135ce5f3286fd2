package ai.tracto.tractorun.localcluster.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A finished operation as recorded on disk by an earlier run of the cluster. */
record StoredOperation(ObjectNode operation, List<ObjectNode> jobs, Path directory) implements OperationRecord {

    StoredOperation {
        operation = operation.deepCopy();
        jobs = jobs.stream().map(ObjectNode::deepCopy).toList();
    }

    static StoredOperation fromRecord(JsonNode record, Path directory) {
        List<ObjectNode> jobs = new ArrayList<>();
        record.path("jobs").forEach(job -> jobs.add((ObjectNode) job));
        return new StoredOperation((ObjectNode) record.get("operation"), jobs, directory);
    }

    @Override
    public ObjectNode render() {
        return operation.deepCopy();
    }

    @Override
    public List<ObjectNode> renderJobs() {
        return jobs.stream().map(ObjectNode::deepCopy).toList();
    }

    @Override
    public Optional<Path> stderrFile(String jobId) {
        return jobs.stream().anyMatch(j -> j.path("id").asText().equals(jobId))
                ? Optional.of(directory.resolve(jobId).resolve("stderr"))
                : Optional.empty();
    }
}
