package ai.tracto.tractorun.job.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one output stream of a process and hands every line to a sink. Lines longer than
 * {@code maxLineBytes} are cut into pieces at a UTF-8 character boundary, each a line of its own,
 * so one runaway line can neither exhaust memory nor be torn by another writer. The lines of
 * one read go to the sink together ({@link LogSink#acceptAll}), as soon as they are read.
 */
public final class LinePump implements Runnable {
    /** The default longest piece of a line handed on at once. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** As much as a Linux pipe holds: under load one read takes many lines. */
    private static final int CHUNK_BYTES = 64 * 1024;

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
        byte[] chunk = new byte[CHUNK_BYTES];
        Line line = new Line(new byte[maxLineBytes]);
        try (in) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                // Every line completed by this read goes out now, together; only an unfinished
                // last line waits for more bytes.
                List<LogLine> lines = new ArrayList<>();
                Instant now = clock.instant();
                int start = 0;
                while (start < read) {
                    int newline = indexOfNewline(chunk, start, read);
                    if (newline < 0) {
                        line.append(chunk, start, read, lines, now);
                        break;
                    }
                    if (line.length == 0 && newline - start <= maxLineBytes) {
                        lines.add(lineOf(chunk, start, newline, now));
                    } else {
                        line.append(chunk, start, newline, lines, now);
                        lines.add(lineOf(line.bytes, 0, line.length, now));
                        line.length = 0;
                    }
                    start = newline + 1;
                }
                hand(lines);
            }
        } catch (IOException e) {
            // The process is gone and its pipe closed under us: what was read so far still counts.
        }
        if (line.length > 0) {
            hand(List.of(lineOf(line.bytes, 0, line.length, clock.instant())));
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

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private LogLine lineOf(byte[] bytes, int from, int to, Instant time) {
        int end = to;
        if (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        return new LogLine(source, stream, time, new String(bytes, from, end - from, StandardCharsets.UTF_8));
    }

    private void hand(List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            sink.acceptAll(lines);
        } catch (RuntimeException e) {
            // A failing sink must not stop the draining: a process with a full pipe would hang.
            failedLines += lines.size();
        }
    }

    /** The unfinished line: bytes seen since the last line break, at most {@code maxLineBytes}. */
    private final class Line {
        private final byte[] bytes;
        private int length;

        Line(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Appends {@code from..to} of {@code chunk}, handing on a full line's leading piece whenever more must fit. */
        void append(byte[] chunk, int from, int to, List<LogLine> lines, Instant time) {
            int at = from;
            while (at < to) {
                if (length == bytes.length) {
                    int cut = characterBoundary(bytes, length);
                    lines.add(lineOf(bytes, 0, cut, time));
                    length -= cut;
                    System.arraycopy(bytes, cut, bytes, 0, length);
                }
                int n = Math.min(to - at, bytes.length - length);
                System.arraycopy(chunk, at, bytes, length, n);
                length += n;
                at += n;
            }
        }
    }
}
