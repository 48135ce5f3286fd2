package ai.tracto.tractorun.toolbox;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body announced with a Content-Length: ending before that many bytes is an error, so a
 * sender that died mid-upload can never have its truncated value saved as complete.
 */
final class ExactLengthInputStream extends FilterInputStream {
    private final long expected;
    private long received;

    ExactLengthInputStream(InputStream in, long expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkComplete();
        } else {
            received++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
            checkComplete();
        } else {
            received += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        received += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkComplete() throws EOFException {
        if (received < expected) {
            throw new EOFException("request body ended after " + received + " of " + expected + " bytes");
        }
    }
}
