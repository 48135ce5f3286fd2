package ai.tracto.tractorun.localcluster.cypress;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Streams bytes into a new blob and makes them durable. Syncing a large file only at its end
 * would leave the whole file to be written to disk after the last byte arrived; instead, every
 * {@value #SYNC_STEP} bytes a sync of what is written so far starts in the background, so the
 * disk works while the bytes still arrive and the final sync finds little left to do.
 */
final class BlobWriter {
    static final long SYNC_STEP = 64L << 20;

    private BlobWriter() {
    }

    /**
     * Writes everything {@code in} yields into a new file at {@code target} and syncs it, starting
     * a sync on {@code syncer} every {@code syncStep} bytes; returns the number of bytes. On any
     * failure the file is removed.
     */
    static long write(InputStream in, Path target, long syncStep, Executor syncer) throws IOException {
        // Opened first: a file that was already there is not ours to remove when something fails.
        FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (channel) {
            byte[] bytes = new byte[BlobStore.PIECE_SIZE];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            CompletableFuture<Void> sync = CompletableFuture.completedFuture(null);
            long written = 0;
            long nextSync = syncStep;
            for (int n; (n = in.readNBytes(bytes, 0, bytes.length)) > 0; ) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                written += n;
                if (written >= nextSync && sync.isDone()) {
                    failIfFailed(sync);
                    sync = CompletableFuture.runAsync(() -> force(channel), syncer);
                    nextSync = written + syncStep;
                }
            }
            // A failed background sync may not be reported again by the final one: it must not be lost.
            failIfFailed(sync);
            channel.force(true);
            return written;
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(target);
            throw e;
        }
    }

    private static void force(FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void failIfFailed(CompletableFuture<Void> sync) throws IOException {
        try {
            sync.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while syncing a blob");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("syncing a blob failed: " + cause, cause);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover blob is removed at the next start.
        }
    }
}
