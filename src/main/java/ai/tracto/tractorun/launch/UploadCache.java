package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.CopyOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.RemoveOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A content-addressed file cache on the cluster: a file lives at {@code <dir>/<sha256 of its bytes>},
 * so shipping what was shipped before costs one read of the node's id. A new file is written to a
 * temporary node first and then moved into place, so an interrupted upload never becomes a
 * cache hit.
 */
public final class UploadCache {
    /** Where files go unless the cluster config names another directory. */
    public static final String DEFAULT_DIRECTORY = "//tmp/tractorun/cache";

    private final YtClient client;
    private final String directory;
    private final Optional<FileHashes> hashes;
    private long uploadedBytes;
    private long reusedBytes;
    private int files;

    public UploadCache(YtClient client, String directory) {
        this(client, directory, Optional.empty());
    }

    /** As {@link #UploadCache(YtClient, String)}, remembering the hashes of lasting files in {@code hashes}. */
    UploadCache(YtClient client, String directory, Optional<FileHashes> hashes) {
        this.client = Objects.requireNonNull(client, "client");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.hashes = Objects.requireNonNull(hashes, "hashes");
    }

    /** A file in the cache: its Cypress path and the id of the node there. */
    record Entry(String path, String nodeId) {
    }

    /** Ships {@code file} (unless the cache has its content already) and returns its Cypress path. */
    public String put(Path file) {
        return putEntry(file).path();
    }

    /** As {@link #put}, with the id of the cached node. */
    Entry putEntry(Path file) {
        return put(file, FileHashes.compute(file));
    }

    /**
     * As {@link #putEntry}, for a file that outlives the launch (a jar on the classpath, the cached
     * Java runtime): its hash is remembered across launches while the file stays unchanged.
     */
    Entry putLasting(Path file) {
        return put(file, hashes.map(memo -> memo.ofLasting(file)).orElseGet(() -> FileHashes.compute(file)));
    }

    private Entry put(Path file, String hash) {
        String target = directory + "/" + hash;
        long size = size(file);
        files++;
        Optional<String> cached = nodeId(target);
        if (cached.isPresent()) {
            reusedBytes += size;
            return new Entry(target, cached.get());
        }
        String temporary = directory + "/.upload-" + UUID.randomUUID();
        client.create("file", temporary, CreateOptions.builder().recursive(true).build());
        String nodeId;
        try {
            try (InputStream data = Files.newInputStream(file)) {
                client.writeFile(temporary, data, false);
            }
            // Same hash, same bytes: replacing a copy a concurrent launch moved in first is harmless.
            nodeId = client.move(temporary, target, new CopyOptions(true, true));
        } catch (IOException e) {
            client.remove(temporary, new RemoveOptions(false, true));
            throw new UncheckedIOException("cannot read " + file + " for upload: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            removeQuietly(temporary);
            throw e;
        }
        uploadedBytes += size;
        return new Entry(target, nodeId);
    }

    /** The id of the node at {@code path}; empty when there is none (the one read a cache hit costs). */
    private Optional<String> nodeId(String path) {
        try {
            return Optional.of(client.get(path + "/@id").asText());
        } catch (YtException e) {
            if (e.isResolveError()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public UploadStats stats() {
        return new UploadStats(uploadedBytes, reusedBytes, files);
    }

    private void removeQuietly(String path) {
        try {
            client.remove(path, new RemoveOptions(false, true));
        } catch (RuntimeException ignored) {
            // The original failure matters more; a stray temporary node is never read as a cache entry.
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** What one launch shipped: bytes sent, bytes found in the cache, files in all. */
    public record UploadStats(long uploadedBytes, long reusedBytes, int files) {
        /** {@code uploaded 0 bytes, reused 31 MiB (5 files)}. */
        public String summary() {
            return "uploaded " + bytes(uploadedBytes) + ", reused " + bytes(reusedBytes) + " (" + files
                    + (files == 1 ? " file)" : " files)");
        }

        static String bytes(long n) {
            if (n < 1024) {
                return n + " bytes";
            }
            if (n < 1024 * 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
            }
            return String.format(java.util.Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
    }
}
