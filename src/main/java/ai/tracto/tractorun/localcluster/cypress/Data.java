package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.ypath.YPath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/** File and table contents: resolving data nodes and swapping in new blob versions. */
final class Data {
    /** A committed or transaction-visible version of a data node's content. */
    record Content(String nodeId, NodeType type, Optional<Path> blob, long rowCount, long dataSize) {}

    private final View view;

    Data(View view) {
        this.view = view;
    }

    Content content(YPath path, NodeType expected) {
        Resolver.Walk walk = new Resolver(view).resolve(path);
        if (!walk.reachedNode()) {
            throw new ServerError(ErrorCodes.GENERIC, path.text() + " is not a " + expected.wireName());
        }
        NodeState state = view.state(walk.nodeId());
        if (state.type() != expected) {
            throw new ServerError(ErrorCodes.GENERIC, "Invalid type of " + path.text() + ": expected \""
                    + expected.wireName() + "\", actual \"" + state.type().wireName() + "\"", Map.of("path", path.text()));
        }
        Optional<Path> blob = Optional.ofNullable(state.blob()).map(view.store.blobs::path);
        return new Content(state.id(), state.type(), blob, state.rowCount(), state.dataSize());
    }

    /** Installs freshly written data (already fsynced in {@code written}) as the node's new content. */
    void install(YPath path, NodeType expected, Path written, long rows, boolean append) {
        Content current = content(path, expected);
        view.lockForWrite(current.nodeId(), path.text(), LockMode.EXCLUSIVE, Optional.empty(), Optional.empty());
        String name = written.getFileName().toString();
        long size;
        long totalRows = rows;
        try {
            if (append && current.blob().isPresent()) {
                // A new blob (the old one may be read or shared), synced once with both parts in it.
                name = view.store.blobs.newName();
                Path appended = view.store.blobs.path(name);
                Files.copy(current.blob().get(), appended);
                try (OutputStream out = Files.newOutputStream(appended, StandardOpenOption.APPEND)) {
                    Files.copy(written, out);
                }
                BlobStore.sync(appended);
                Files.deleteIfExists(written);
                totalRows += current.rowCount();
            }
            size = Files.size(view.store.blobs.path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeDelta delta = view.touch(current.nodeId());
        String replaced = delta.blob;
        delta.blob = name;
        delta.rowCount = totalRows;
        delta.dataSize = size;
        view.store.releaseBlob(replaced);
    }
}
