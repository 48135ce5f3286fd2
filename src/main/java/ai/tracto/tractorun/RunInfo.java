package ai.tracto.tractorun;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a run left behind.
 *
 * @param exitCode    0 when every worker succeeded (or, with {@code noWait}, once the operation
 *                    runs); the failing worker's code (or 1) otherwise; 130 when interrupted
 * @param operationId the operation, absent for a dry run or when nothing was submitted
 * @param ytPath      the training directory
 * @param spec        the operation spec: present for a dry run; a real launch does not report it
 * @param incarnation the incarnation the run became, when it is known
 */
public record RunInfo(int exitCode, Optional<String> operationId, String ytPath, Optional<JsonNode> spec,
                      OptionalLong incarnation) {
    public RunInfo {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(ytPath, "ytPath");
        spec = Objects.requireNonNull(spec, "spec").map(JsonNode::deepCopy);
        Objects.requireNonNull(incarnation, "incarnation");
    }

    @Override
    public Optional<JsonNode> spec() {
        return spec.map(JsonNode::deepCopy);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
