package ai.tracto.tractorun.job.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes each line to the job's stderr as {@code [rank N] text\n}: one write of the whole line
 * under one lock, then a flush, so lines from different processes never interleave mid-line and
 * nothing waits in a buffer when the job dies.
 */
public final class StderrLogSink implements LogSink {
    private final OutputStream out;

    public StderrLogSink(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void accept(LogLine line) {
        byte[] bytes = (line.source().prefix() + line.text() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to the job's stderr", e);
            }
        }
    }
}
