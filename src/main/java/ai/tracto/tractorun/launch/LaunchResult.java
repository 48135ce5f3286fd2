package ai.tracto.tractorun.launch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a launch ended.
 *
 * @param exitCode    0 success; the failing worker's code (or 1); 130 interrupted; with
 *                    {@code --no-wait}, 0 once the operation runs
 * @param operationId the operation, when one was started
 * @param ytPath      the training directory
 * @param proxy       the cluster's proxy URL (the embedded one's with {@code --local})
 * @param spec        the operation spec that was submitted, secure vault masked; absent when
 *                    nothing was submitted
 * @param incarnation the incarnation of {@code ytPath} the operation became, when it got that far
 */
public record LaunchResult(int exitCode, Optional<String> operationId, String ytPath, URI proxy,
                           Optional<JsonNode> spec, OptionalLong incarnation) {
    public LaunchResult {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(ytPath, "ytPath");
        Objects.requireNonNull(proxy, "proxy");
        spec = Objects.requireNonNull(spec, "spec").map(JsonNode::deepCopy);
        Objects.requireNonNull(incarnation, "incarnation");
    }

    /** A result that knows neither the spec nor the incarnation yet. */
    public LaunchResult(int exitCode, Optional<String> operationId, String ytPath, URI proxy) {
        this(exitCode, operationId, ytPath, proxy, Optional.empty(), OptionalLong.empty());
    }

    @Override
    public Optional<JsonNode> spec() {
        return spec.map(JsonNode::deepCopy);
    }

    /** This result with the submitted spec and the incarnation found after the run. */
    public LaunchResult withRun(JsonNode submittedSpec, OptionalLong incarnationId) {
        return new LaunchResult(exitCode, operationId, ytPath, proxy, Optional.of(submittedSpec), incarnationId);
    }
}
