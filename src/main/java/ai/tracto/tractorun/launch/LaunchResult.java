package ai.tracto.tractorun.launch;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How a launch ended.
 *
 * @param exitCode    0 success; the failing worker's code (or 1); 130 interrupted; with
 *                    {@code --no-wait}, 0 once the operation runs
 * @param operationId the operation, when one was started
 * @param ytPath      the training directory
 * @param proxy       the cluster's proxy URL (the embedded one's with {@code --local})
 */
public record LaunchResult(int exitCode, Optional<String> operationId, String ytPath, URI proxy) {
    public LaunchResult {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(ytPath, "ytPath");
        Objects.requireNonNull(proxy, "proxy");
    }
}
