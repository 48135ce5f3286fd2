package ai.tracto.tractorun.localcluster.cypress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The bytes of a file from an offset for an exact length, opened for reading. The length is
 * known before the first byte is read, so an answer can announce it up front.
 */
public final class FileSlice implements AutoCloseable {

    private final Optional<FileChannel> channel;
    private final Optional<FileTime> storedAt;
    private final long start;
    private final long length;

    private FileSlice(Optional<FileChannel> channel, Optional<FileTime> storedAt, long start, long length) {
        this.channel = channel;
        this.storedAt = storedAt;
        this.start = start;
        this.length = length;
    }

    static FileSlice empty() {
        return new FileSlice(Optional.empty(), Optional.empty(), 0, 0);
    }

    /** Opens {@code blob} from {@code offset} (clamped to the file) for at most {@code limit} bytes. */
    static FileSlice open(Path blob, long offset, long limit) throws IOException {
        FileChannel channel = FileChannel.open(blob, StandardOpenOption.READ);
        try {
            // The blob is immutable, so its size now is the size of everything read later.
            long size = channel.size();
            long start = Math.min(Math.max(0, offset), size);
            return new FileSlice(Optional.of(channel), Optional.of(Files.getLastModifiedTime(blob)), start,
                    Math.max(0, Math.min(size - start, limit)));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** How many bytes {@link #transferTo} writes. */
    public long length() {
        return length;
    }

    /** Writes the slice's bytes to {@code out} (not closed). */
    public void transferTo(OutputStream out) throws IOException {
        if (channel.isEmpty() || length == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BlobStore.PIECE_SIZE, length));
        long position = start;
        long end = start + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.get().read(buffer, position);
            if (n < 0) {
                throw new IOException("file ended at byte " + position + ", expected " + end);
            }
            out.write(buffer.array(), 0, n);
            position += n;
        }
    }

    /**
     * Writes the slice's bytes into a new file at {@code target}, replacing whatever was there.
     * The new file carries the time its bytes were stored, as an artifact an exec node keeps in
     * its cache does: every job given the same file sees the same file, its timestamp included
     * (a JVM's class data archive, for one, is only valid for the jar timestamp it was recorded with).
     */
    void transferTo(Path target) throws IOException {
        // Replaced, not written through: a link at the target must not lead the bytes elsewhere.
        Files.deleteIfExists(target);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = start;
            long end = start + length;
            while (position < end) {
                long n = channel.orElseThrow().transferTo(position, end - position, out);
                if (n <= 0) {
                    throw new IOException("file ended at byte " + position + ", expected " + end);
                }
                position += n;
            }
        }
        if (storedAt.isPresent()) {
            Files.setLastModifiedTime(target, storedAt.get());
        }
    }

    @Override
    public void close() throws IOException {
        if (channel.isPresent()) {
            channel.get().close();
        }
    }
}
