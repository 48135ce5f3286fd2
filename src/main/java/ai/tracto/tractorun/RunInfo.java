package ai.tracto.tractorun;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a run left behind: the operation (absent for a dry run), the spec it was started with,
 * the training directory and the incarnation it became (absent when the launcher did not wait
 * for the primary to take it).
 */
public record RunInfo(Optional<String> operationId, JsonNode spec, String ytPath, OptionalLong incarnation) {
    public RunInfo {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(ytPath, "ytPath");
        Objects.requireNonNull(incarnation, "incarnation");
        spec = spec.deepCopy();
    }

    @Override
    public JsonNode spec() {
        return spec.deepCopy();
    }
}
