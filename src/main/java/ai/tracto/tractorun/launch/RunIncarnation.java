package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.job.TrainingDirectory;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;

/**
 * Which incarnation of the training directory an operation became. The primary bumps
 * {@code <yt_path>/@incarnation_id}; the number belongs to this operation only when that
 * incarnation names it as {@code @incarnation_operation_id} (a run that failed before its
 * rendezvous leaves the previous run's number there, and a later run may already have bumped it).
 */
final class RunIncarnation {
    private RunIncarnation() {}

    /** The incarnation of {@code ytPath} that {@code operationId} created; empty when none (or unreadable). */
    static OptionalLong of(YtClient client, String ytPath, String operationId) {
        TrainingDirectory directory = new TrainingDirectory(ytPath);
        try {
            JsonNode id = client.get(directory.incarnationIdAttribute());
            if (!id.canConvertToLong() || id.asLong() < 0) {
                return OptionalLong.empty();
            }
            JsonNode owner = client.get(directory.incarnationAttribute(id.asLong(),
                    TrainingDirectory.INCARNATION_OPERATION_ID));
            return operationId.equals(owner.asText()) ? OptionalLong.of(id.asLong()) : OptionalLong.empty();
        } catch (YtException e) {
            // Reporting the incarnation is a courtesy: the run's outcome is already decided.
            return OptionalLong.empty();
        }
    }
}
