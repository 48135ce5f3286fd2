package ai.tracto.tractorun.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Exclusive ownership of a root directory: an OS file lock on {@code <root>/lock} (released by
 * the OS if the process dies) plus {@code <root>/server.json} telling others where we listen.
 */
final class RootLock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private RootLock(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    static RootLock acquire(Path root) {
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new LocalClusterBusyException(root, readRunningUrl(root));
            }
            return new RootLock(root, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the local cluster root " + root, e);
        }
    }

    private static Optional<URI> readRunningUrl(Path root) {
        try {
            JsonNode server = JSON.readTree(root.resolve("server.json").toFile());
            return Optional.of(URI.create(server.get("proxy_url").asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void publish(URI proxyUrl) {
        try {
            Path temp = root.resolve("server.json.tmp");
            Files.write(temp, JSON.writeValueAsBytes(JSON.createObjectNode().put("proxy_url", proxyUrl.toString())
                    .put("pid", ProcessHandle.current().pid())));
            Files.move(temp, root.resolve("server.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(root.resolve("server.json"));
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
