package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * {@code proxy_stderr_mode: primary}: shows the primary worker's lines (rank 0, prefixed
 * {@code [rank 0] } by the bootstrap) on the local terminal while the operation runs, through a
 * {@link JobStderrTail}: nothing is downloaded or printed twice, a trailing partial line waits for
 * its end, and {@link #finish} prints whatever is left after the operation ends.
 */
final class StderrProxy {
    static final String PRIMARY_PREFIX = LogSource.worker(0).prefix();

    private final YtClient client;
    private final String operationId;
    private final LaunchEnvironment environment;
    private Optional<JobStderrTail> primary = Optional.empty();

    StderrProxy(YtClient client, String operationId, LaunchEnvironment environment) {
        this.client = client;
        this.operationId = operationId;
        this.environment = environment;
    }

    /** Prints the primary's complete new lines. */
    void poll() {
        fetch(false);
    }

    /** The last fetch: prints every remaining line, the unterminated last one included. */
    void finish() {
        fetch(true);
    }

    private void fetch(boolean last) {
        if (primary.isEmpty()) {
            primary = primaryJob().map(jobId -> new JobStderrTail(client, operationId, jobId));
        }
        primary.ifPresent(tail -> tail.fetch(last).forEach(this::emit));
    }

    private void emit(String line) {
        if (line.startsWith(PRIMARY_PREFIX)) {
            environment.say(line.substring(PRIMARY_PREFIX.length()));
        }
    }

    private Optional<String> primaryJob() {
        for (JsonNode job : client.listJobs(operationId).path("jobs")) {
            if (job.path("job_cookie").asInt(-1) == 0) {
                return Optional.of(job.path("id").asText());
            }
        }
        return Optional.empty();
    }
}
