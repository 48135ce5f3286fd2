package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A saved checkpoint: {@code <yt_path>/checkpoints/<index>/{value,metadata}}. The metadata is
 * read eagerly (it is small); the value is read only when asked, and streamed, so a checkpoint
 * of many GiB never has to fit in the heap.
 */
public final class Checkpoint {
    private static final int COPY_BUFFER = 1 << 20;

    private final YtClient yt;
    private final int index;
    private final String path;
    private final JsonNode metadata;

    Checkpoint(YtClient yt, int index, String path, JsonNode metadata) {
        this.yt = Objects.requireNonNull(yt, "yt");
        this.index = index;
        this.path = Objects.requireNonNull(path, "path");
        this.metadata = Objects.requireNonNull(metadata, "metadata").deepCopy();
    }

    public int index() {
        return index;
    }

    /** The checkpoint's Cypress directory, {@code <yt_path>/checkpoints/<index>}. */
    public String path() {
        return path;
    }

    /** The metadata saved with the value; a JSON object unless another writer stored something else. */
    public JsonNode metadata() {
        return metadata.deepCopy();
    }

    /** The value, streamed from the cluster; the caller closes the stream. */
    public InputStream openValue() {
        return yt.readFile(path + "/value");
    }

    /** The value's size in bytes, as the cluster reports it. */
    public long valueSize() {
        return yt.get(path + "/value/@uncompressed_data_size").asLong();
    }

    /** The whole value in memory: only for checkpoints known to be small. */
    public byte[] readValue() {
        try (InputStream in = openValue()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint value " + path + "/value", e);
        }
    }

    /** Streams the value into {@code target}, replacing it. */
    public void copyValueTo(Path target) {
        try (InputStream in = openValue()) {
            // Replaced, not written through, as Files.copy would: a link at the target is not followed.
            Files.deleteIfExists(target);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                copy(in, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy checkpoint value " + path + "/value to " + target, e);
        }
    }

    /**
     * Copies {@code in} to {@code out} (neither closed) in large pieces: {@code transferTo} and
     * {@code Files.copy} move 8 KiB at a time, over a hundred thousand reads and writes a GiB.
     */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    @Override
    public String toString() {
        return "Checkpoint{index=" + index + ", path=" + path + ", metadata=" + metadata + "}";
    }
}
