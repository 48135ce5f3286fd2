package ai.tracto.tractorun.job.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * Reads one output stream of a process and hands every line to a sink. Lines longer than
 * {@code maxLineBytes} are cut into pieces at a UTF-8 character boundary, each a line of its own,
 * so one runaway line can neither exhaust memory nor be torn by another writer.
 */
public final class LinePump implements Runnable {
    /** The default longest piece of a line handed on at once. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private final InputStream in;
    private final LogSource source;
    private final LogStream stream;
    private final LogSink sink;
    private final int maxLineBytes;
    private final Clock clock;
    private volatile long failedLines;

    public LinePump(InputStream in, LogSource source, LogStream stream, LogSink sink, int maxLineBytes,
                    Clock clock) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must be at least 4, got " + maxLineBytes);
        }
        this.in = in;
        this.source = source;
        this.stream = stream;
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
        this.clock = clock;
    }

    /** Pumps until end of stream; the stream is closed at the end. */
    @Override
    public void run() {
        byte[] line = new byte[maxLineBytes];
        int length = 0;
        byte[] chunk = new byte[8192];
        try (in) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        emit(line, length);
                        length = 0;
                        continue;
                    }
                    if (length == maxLineBytes) {
                        int cut = characterBoundary(line, length);
                        emit(line, cut);
                        length -= cut;
                        System.arraycopy(line, cut, line, 0, length);
                    }
                    line[length++] = b;
                }
            }
        } catch (IOException e) {
            // The process is gone and its pipe closed under us: what was read so far still counts.
        }
        if (length > 0) {
            emit(line, length);
        }
    }

    /** Lines the sink refused with an exception (they are lost). */
    public long failedLines() {
        return failedLines;
    }

    /** The largest cut point not inside a UTF-8 multi-byte sequence. */
    private static int characterBoundary(byte[] bytes, int length) {
        int cut = length;
        // Walk back over at most 3 continuation bytes (10xxxxxx) to the start of the last character.
        while (cut > length - 4 && cut > 0 && (bytes[cut - 1] & 0xC0) == 0x80) {
            cut--;
        }
        if (cut > 0 && (bytes[cut - 1] & 0xC0) == 0xC0) {
            cut--;
        } else {
            cut = length;
        }
        return cut == 0 ? length : cut;
    }

    private void emit(byte[] bytes, int length) {
        int end = length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        String text = new String(Arrays.copyOf(bytes, end), StandardCharsets.UTF_8);
        try {
            sink.accept(new LogLine(source, stream, clock.instant(), text));
        } catch (RuntimeException e) {
            // A failing sink must not stop the draining: a process with a full pipe would hang.
            failedLines++;
        }
    }
}
