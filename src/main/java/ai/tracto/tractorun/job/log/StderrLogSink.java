package ai.tracto.tractorun.job.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes each line to the job's stderr as {@code [rank N] text\n}. Lines are only ever written
 * whole, so lines from different processes never interleave mid-line, and a call returns only
 * once its lines have been written and flushed, so nothing waits in a buffer when the job dies.
 *
 * <p>Under load the lines of concurrent callers share one write (group commit): a caller appends
 * its encoded lines to the open batch, then waits its turn to write; whoever gets the turn first
 * writes the whole batch, with every line appended meanwhile, and the callers whose lines went
 * with it return at once. A lone line is written at once, without waiting for company.
 */
public final class StderrLogSink implements LogSink {
    private final OutputStream out;
    /** Held while writing a batch, so batches reach {@code out} one at a time, in order. */
    private final Object writeTurn = new Object();
    /** Guarded by {@code this}: the batch new lines go into. */
    private Batch open = new Batch();

    public StderrLogSink(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void accept(LogLine line) {
        acceptAll(List.of(line));
    }

    @Override
    public void acceptAll(List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        // Encoding happens outside every lock: only the copy into the batch is serialised.
        byte[] bytes = encode(lines);
        Batch batch;
        synchronized (this) {
            batch = open;
            batch.append(bytes);
        }
        synchronized (writeTurn) {
            if (!batch.taken) {
                write(batch);
            }
            if (batch.failure != null) {
                throw new UncheckedIOException("cannot write to the job's stderr", batch.failure);
            }
        }
    }

    /** Called holding the write turn; {@code batch} is still the open one, since only the turn's holder closes it. */
    private void write(Batch batch) {
        synchronized (this) {
            open = new Batch();
        }
        batch.taken = true;
        try {
            out.write(batch.bytes, 0, batch.length);
            out.flush();
        } catch (IOException e) {
            batch.failure = e;
        }
    }

    private static byte[] encode(List<LogLine> lines) {
        if (lines.size() == 1) {
            LogLine line = lines.get(0);
            return (line.source().prefix() + line.text() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(lines.size() * 128);
        // A batch usually comes from one stream: build its prefix once, not once a line.
        LogSource source = null;
        String prefix = "";
        for (LogLine line : lines) {
            if (!line.source().equals(source)) {
                source = line.source();
                prefix = source.prefix();
            }
            text.append(prefix).append(line.text()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Lines appended since the last write; its fields after {@code bytes} are touched only holding the write turn. */
    private static final class Batch {
        private byte[] bytes = new byte[8192];
        private int length;
        private boolean taken;
        private IOException failure;

        void append(byte[] more) {
            if (length + more.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more.length));
            }
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
        }
    }
}
