package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of {@code read_file}: when the connection breaks mid-way, reading goes on from the
 * last byte received (read_file takes an offset); when that fails too, reading fails loudly —
 * a file is never silently cut short. A proxy that fails after streaming began ends the body
 * cleanly and reports the error in HTTP trailers, which the JDK client does not expose; so when
 * the size is known, a body that ends before it counts as broken too and is resumed (the
 * resumed request then fails up front, with the error in its response).
 */
final class ResumingInputStream extends InputStream {
    private static final int MAX_RESUMES_WITHOUT_PROGRESS = 3;

    private final Caller caller;
    private final ObjectNode parameters;
    private final long startOffset;
    private final long length; // -1: to the end
    private final long expectedEnd; // -1: unknown
    private final String path;
    private InputStream current;
    private long received;
    private int resumesWithoutProgress;
    private boolean closed;

    ResumingInputStream(Caller caller, ObjectNode parameters, long startOffset, long length, long fileSize,
                        String path) {
        this.caller = caller;
        this.parameters = parameters;
        this.startOffset = startOffset;
        this.length = length;
        this.path = path;
        if (fileSize < 0) {
            this.expectedEnd = -1;
        } else {
            this.expectedEnd = length < 0 ? fileSize : Math.min(fileSize, startOffset + length);
        }
        this.current = caller.download(Command.READ_FILE, request());
    }

    private ObjectNode request() {
        ObjectNode params = parameters.deepCopy();
        if (startOffset + received > 0) {
            params.put("offset", startOffset + received);
        }
        if (length >= 0) {
            params.put("length", length - received);
        }
        return params;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("read_file " + path + ": stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        if (length >= 0 && received >= length) {
            return -1;
        }
        while (true) {
            try {
                int n = current.read(buffer, off, len);
                if (n < 0 && expectedEnd >= 0 && startOffset + received < expectedEnd) {
                    throw new IOException("the response ended at byte " + (startOffset + received) + " of "
                            + expectedEnd);
                }
                if (n > 0) {
                    received += n;
                    resumesWithoutProgress = 0;
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    private void resume(IOException cause) throws IOException {
        closeQuietly(current);
        if (++resumesWithoutProgress > MAX_RESUMES_WITHOUT_PROGRESS) {
            throw new IOException("read_file " + path + " broke at byte " + (startOffset + received)
                    + " and resuming made no progress; the data is incomplete", cause);
        }
        try {
            current = caller.download(Command.READ_FILE, request());
        } catch (YtException e) {
            IOException failure = new IOException("read_file " + path + " broke at byte " + (startOffset + received)
                    + " and could not be resumed; the data is incomplete: " + e.getMessage(), e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            current.close();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // The connection is already broken; nothing more to release.
        }
    }
}
