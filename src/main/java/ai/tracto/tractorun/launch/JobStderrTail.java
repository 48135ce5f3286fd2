package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.YtClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One job's stderr read as it grows: each fetch asks only for the bytes after those already read
 * and returns the lines completed since. Lines are cut on bytes, so a character split between two
 * fetches is decoded whole.
 */
final class JobStderrTail {
    private final YtClient client;
    private final String operationId;
    private final String jobId;
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private long consumed;

    JobStderrTail(YtClient client, String operationId, String jobId) {
        this.client = client;
        this.operationId = operationId;
        this.jobId = jobId;
    }

    /** The lines completed since the last fetch; with {@code last}, also an unterminated final line. */
    List<String> fetch(boolean last) {
        List<String> lines = new ArrayList<>();
        try (InputStream in = client.getJobStderr(operationId, jobId, consumed)) {
            byte[] fresh = in.readAllBytes();
            consumed += fresh.length;
            for (byte b : fresh) {
                if (b == '\n') {
                    lines.add(takePartialLine());
                } else {
                    partialLine.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stderr of job " + jobId + ": " + e.getMessage(), e);
        }
        if (last && partialLine.size() > 0) {
            lines.add(takePartialLine());
        }
        return lines;
    }

    private String takePartialLine() {
        String line = partialLine.toString(StandardCharsets.UTF_8);
        partialLine.reset();
        return line;
    }
}
