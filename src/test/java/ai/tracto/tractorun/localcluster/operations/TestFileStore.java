package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.FileStore;
import ai.tracto.tractorun.localcluster.ServerError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A Cypress file store backed by a directory: Cypress path → local file. */
final class TestFileStore implements FileStore {
    private final Path directory;
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    TestFileStore(Path directory) {
        this.directory = directory;
    }

    TestFileStore put(String cypressPath, String content) {
        Path file = directory.resolve("file-" + files.size());
        try {
            Files.createDirectories(directory);
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(cypressPath, file);
        return this;
    }

    /** The local file behind {@code cypressPath}: its timestamp is the time the content was stored. */
    Path storedFile(String cypressPath) {
        return files.get(cypressPath);
    }

    @Override
    public void copyFileTo(String cypressPath, Path target) {
        Path source = files.get(cypressPath);
        if (source == null) {
            throw new ServerError(ErrorCodes.RESOLVE_ERROR, "Error resolving path " + cypressPath);
        }
        try {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
