package ai.tracto.tractorun.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the launcher knows only at launch time and the spec needs: the job command, the files to
 * deliver (rich YPaths, e.g. {@code {"$value": "//cache/ab12", "$attributes": {"file_name": "tractorun.jar"}}}),
 * the job environment and the secure vault (token, docker auth). Kept apart from
 * {@link ai.tracto.tractorun.RunConfig} so one spec builder serves both the real submit and the dry run.
 */
public record LaunchFacts(String jobCommand, List<JsonNode> filePaths, Map<String, String> environment,
                          ObjectNode secureVault) {
    public LaunchFacts {
        Objects.requireNonNull(jobCommand, "jobCommand");
        filePaths = Objects.requireNonNull(filePaths, "filePaths").stream().<JsonNode>map(JsonNode::deepCopy).toList();
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        secureVault = Objects.requireNonNull(secureVault, "secureVault").deepCopy();
    }

    @Override
    public List<JsonNode> filePaths() {
        return filePaths.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }

    @Override
    public ObjectNode secureVault() {
        return secureVault.deepCopy();
    }
}
