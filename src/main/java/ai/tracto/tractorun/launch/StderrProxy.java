package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code proxy_stderr_mode: primary}: shows the primary worker's lines (rank 0, prefixed
 * {@code [rank 0] } by the bootstrap) on the local terminal while the operation runs. Each fetch
 * skips the bytes already seen, so nothing is printed twice; a trailing partial line waits for
 * its end, and {@link #finish} prints whatever is left after the operation ends.
 */
final class StderrProxy {
    static final String PRIMARY_PREFIX = "[rank 0] ";

    private final YtClient client;
    private final String operationId;
    private final LaunchEnvironment environment;
    private Optional<String> primaryJobId = Optional.empty();
    private long consumed;
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();

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
        if (primaryJobId.isEmpty()) {
            primaryJobId = primaryJob();
            if (primaryJobId.isEmpty()) {
                return;
            }
        }
        try (InputStream in = client.getJobStderr(operationId, primaryJobId.get())) {
            // The embedded cluster has no offset parameter for stderr: skip what was already read.
            skipFully(in, consumed);
            byte[] fresh = in.readAllBytes();
            consumed += fresh.length;
            for (byte b : fresh) {
                if (b == '\n') {
                    emit(partialLine.toString(StandardCharsets.UTF_8));
                    partialLine.reset();
                } else {
                    partialLine.write(b);
                }
            }
            if (last && partialLine.size() > 0) {
                emit(partialLine.toString(StandardCharsets.UTF_8));
                partialLine.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the primary job's stderr: " + e.getMessage(), e);
        }
    }

    private static void skipFully(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    return;
                }
                n = 1;
            }
            left -= n;
        }
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
