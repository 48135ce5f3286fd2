package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The cluster-wide tractorun settings at {@code cluster_config_path}, as a document:
 * {@code file_cache_path} (where uploads are cached; default {@value UploadCache#DEFAULT_DIRECTORY})
 * and {@code operation_link_template} (a UI link with {@code {operation_id}}). Jobs get the whole
 * document too. A missing node is normal on a fresh cluster: one warning, defaults.
 */
record ClusterConfig(Optional<JsonNode> document) {
    /**
     * @param quietWhenMissing no warning for a missing node: a fresh embedded cluster never has one
     *                         at the default path, and saying so on every local run is noise
     */
    static ClusterConfig read(YtClient client, String path, LaunchEnvironment environment, boolean quietWhenMissing) {
        try {
            return new ClusterConfig(Optional.of(client.get(path)));
        } catch (YtException e) {
            if (e.isResolveError()) {
                if (!quietWhenMissing) {
                    environment.say("tractorun: warning: no cluster config at " + path + "; using defaults");
                }
                return new ClusterConfig(Optional.empty());
            }
            throw e;
        }
    }

    String fileCachePath() {
        return text("file_cache_path").orElse(UploadCache.DEFAULT_DIRECTORY);
    }

    Optional<String> operationLink(String operationId) {
        return text("operation_link_template").map(template -> template.replace("{operation_id}", operationId));
    }

    private Optional<String> text(String key) {
        return document.map(d -> d.path(key)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(s -> !s.isBlank());
    }
}
