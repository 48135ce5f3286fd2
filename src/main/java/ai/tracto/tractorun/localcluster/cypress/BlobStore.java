package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * File and table contents, one immutable file per version under {@code <root>/blobs}. A write
 * makes a new blob (copy-on-write), so readers of an older version are never disturbed and an
 * uncommitted write never touches committed data. Copied nodes share their blob; a blob is
 * deleted only when no node of any layer refers to it ({@code Store.releaseBlob}).
 */
final class BlobStore implements AutoCloseable {
    /** Blobs are read and written in pieces this large: a GiB is a thousand reads and writes, not 100,000. */
    static final int PIECE_SIZE = 1 << 20;
    private final Path dir;
    /**
     * Runs the background syncs of blobs being written ({@link BlobWriter}); two threads, so one
     * upload's sync does not hold up another's, gone when idle.
     */
    private final ThreadPoolExecutor syncer;

    BlobStore(Path dir) {
        this.dir = dir;
        AtomicInteger threads = new AtomicInteger();
        this.syncer = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "local-cluster-blob-sync-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        syncer.allowCoreThreadTimeOut(true);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String newName() {
        return Ids.next();
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    /** Streams {@code in} into a new, synced blob; nothing is left behind when that fails. */
    Path receive(InputStream in) {
        Path target = path(newName());
        try {
            BlobWriter.write(in, target, BlobWriter.SYNC_STEP, syncer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Removes blobs no committed node refers to (leftovers of aborted or overwritten versions). */
    void retainOnly(Set<String> live) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!live.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        syncer.shutdown();
    }
}
