package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * File and table contents, one immutable file per version under {@code <root>/blobs}. A write
 * makes a new blob (copy-on-write), so readers of an older version are never disturbed and an
 * uncommitted write never touches committed data. Copied nodes share their blob; a blob is
 * deleted only when no node of any layer refers to it ({@code Store.releaseBlob}).
 */
final class BlobStore {
    private final Path dir;

    BlobStore(Path dir) {
        this.dir = dir;
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
}
