package ai.tracto.tractorun.localcluster.cypress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobWriterTest {
    /** Runs each background sync on a thread of its own. */
    private static final Executor SYNCER = runnable -> new Thread(runnable, "test-blob-sync").start();

    @TempDir
    Path dir;

    @Test
    void everyByteArrivesThroughManyBackgroundSyncs() throws IOException {
        byte[] data = new byte[10 * 1024 * 1024 + 123];
        new Random(7).nextBytes(data);
        Path blob = dir.resolve("blob");

        long written = BlobWriter.write(new OddPieces(new ByteArrayInputStream(data)), blob, 1024 * 1024, SYNCER);

        assertThat(written).isEqualTo(data.length);
        assertThat(Files.readAllBytes(blob)).isEqualTo(data);
    }

    @Test
    void anEmptySourceMakesAnEmptyBlob() throws IOException {
        Path blob = dir.resolve("blob");

        assertThat(BlobWriter.write(InputStream.nullInputStream(), blob, BlobWriter.SYNC_STEP, SYNCER)).isZero();

        assertThat(blob).isEmptyFile();
    }

    @Test
    void aSourceThatFailsMidwayLeavesNoBlob() {
        Path blob = dir.resolve("blob");
        InputStream failing = new InputStream() {
            private long left = 3L * 1024 * 1024;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (left == 0) {
                    throw new IOException("connection reset by peer");
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };

        assertThatThrownBy(() -> BlobWriter.write(failing, blob, 1024 * 1024, SYNCER))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset by peer");
        assertThat(blob).doesNotExist();
    }

    @Test
    void aBlobIsNeverWrittenOverAnExistingFile() throws IOException {
        Path blob = Files.writeString(dir.resolve("blob"), "committed");

        assertThatThrownBy(() -> BlobWriter.write(new ByteArrayInputStream(new byte[] {1}), blob, BlobWriter.SYNC_STEP, SYNCER))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(blob).hasContent("committed");
    }

    /** Hands out at most 1000 bytes per read, as a network stream may. */
    private static final class OddPieces extends InputStream {
        private final InputStream in;

        OddPieces(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            return in.read(buffer, off, Math.min(len, 1000));
        }
    }
}
