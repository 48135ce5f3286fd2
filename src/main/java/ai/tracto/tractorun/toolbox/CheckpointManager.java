package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Checkpoints in the Python tractorun's layout, {@code <yt_path>/checkpoints/<index>/{value,metadata}}
 * with the metadata as JSON, so Python and Java runs can resume each other's training.
 *
 * <p>A save is atomic: the index directory, the value and the metadata are written inside one
 * master transaction that is committed at the end. A process that dies mid-save leaves an
 * uncommitted transaction, which the cluster aborts when pings stop; nothing of it is ever
 * visible to {@link #lastCheckpoint()}.
 *
 * <p>Indices are monotonic across incarnations: the next index is one more than the largest
 * one in Cypress (and than any this manager has used). When another writer holds the same index
 * in its own uncommitted transaction, the save moves on to the next index rather than waiting.
 *
 * <p>Saves run one at a time, in submission order, on a background thread; values are streamed
 * into the cluster and never held in memory.
 */
public final class CheckpointManager implements AutoCloseable {
    /** How many taken indices a save skips before giving up; only contention of many writers hits it. */
    private static final int MAX_INDEX_ATTEMPTS = 64;

    private final YtClient yt;
    private final String root;
    private final ExecutorService saver;
    private int lastUsedIndex = -1;

    public CheckpointManager(YtClient yt, String ytPath) {
        this.yt = Objects.requireNonNull(yt, "yt");
        Objects.requireNonNull(ytPath, "ytPath");
        if (!ytPath.startsWith("//")) {
            throw new IllegalArgumentException("yt_path must start with //, got " + ytPath);
        }
        this.root = ytPath + "/checkpoints";
        this.saver = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tractorun-checkpoint-saver");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code <yt_path>/checkpoints}. */
    public String root() {
        return root;
    }

    /** The committed checkpoint with the largest index, if any. */
    public Optional<Checkpoint> lastCheckpoint() {
        for (int index : committedIndicesDescending()) {
            String path = root + "/" + index;
            Optional<JsonNode> metadata = readMetadata(path);
            if (metadata.isPresent()) {
                return Optional.of(new Checkpoint(yt, index, path, metadata.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Saves a value read from {@code value} until its end, with {@code metadata} (a JSON object;
     * {@code null} means {@code {}}). The stream is read on the saver thread: keep it open until
     * the future completes; it is not closed here.
     *
     * @return the index of the new checkpoint, once it is committed
     */
    public CompletableFuture<Integer> saveCheckpoint(InputStream value, JsonNode metadata) {
        Objects.requireNonNull(value, "value");
        byte[] metadataBytes = metadataBytes(metadata);
        return submit(() -> save(value, metadataBytes));
    }

    public CompletableFuture<Integer> saveCheckpoint(byte[] value, JsonNode metadata) {
        Objects.requireNonNull(value, "value");
        byte[] metadataBytes = metadataBytes(metadata);
        return submit(() -> save(new ByteArrayInputStream(value), metadataBytes));
    }

    /** Saves the content of the file at {@code value}, streamed. */
    public CompletableFuture<Integer> saveCheckpoint(Path value, JsonNode metadata) {
        Objects.requireNonNull(value, "value");
        byte[] metadataBytes = metadataBytes(metadata);
        return submit(() -> {
            try (InputStream in = Files.newInputStream(value)) {
                return save(in, metadataBytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read checkpoint file " + value, e);
            }
        });
    }

    /** Waits for the saves already submitted, then stops the saver thread. */
    @Override
    public void close() {
        saver.shutdown();
        try {
            // A large checkpoint may take long; the caller asked to wait for it.
            saver.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Integer> submit(SaveTask task) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        saver.execute(() -> {
            try {
                result.complete(task.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private int save(InputStream value, byte[] metadata) {
        yt.create("map_node", root, CreateOptions.builder().recursive(true).ignoreExisting(true).build());
        int index = Math.max(lastUsedIndex, committedIndicesDescending().stream().findFirst().orElse(-1)) + 1;
        for (int attempt = 0; attempt < MAX_INDEX_ATTEMPTS; attempt++, index++) {
            try (Transaction transaction = yt.startTransaction(TransactionOptions.defaults())) {
                YtClient tx = transaction.client();
                String path = root + "/" + index;
                try {
                    tx.create("map_node", path, CreateOptions.defaults());
                } catch (YtException e) {
                    if (isTaken(e)) {
                        // Committed by someone else meanwhile, or held by a live (or dying) writer.
                        continue;
                    }
                    throw e;
                }
                tx.create("file", path + "/value", CreateOptions.defaults());
                tx.writeFile(path + "/value", value, false);
                tx.create("file", path + "/metadata", CreateOptions.defaults());
                tx.writeFile(path + "/metadata", new ByteArrayInputStream(metadata), false);
                transaction.commit();
                lastUsedIndex = index;
                return index;
            }
        }
        throw new IllegalStateException("could not find a free checkpoint index under " + root + " after "
                + MAX_INDEX_ATTEMPTS + " attempts; other writers hold them");
    }

    private static boolean isTaken(YtException e) {
        return e.isAlreadyExists() || e.isConcurrentTransactionLockConflict();
    }

    private List<Integer> committedIndicesDescending() {
        List<String> names;
        try {
            names = yt.list(root);
        } catch (YtException e) {
            if (e.isResolveError()) {
                return List.of();
            }
            throw e;
        }
        List<Integer> indices = new ArrayList<>();
        for (String name : names) {
            // Other tools may leave foreign nodes here; the Python tractorun skips them too.
            if (name.matches("\\d{1,9}")) {
                indices.add(Integer.parseInt(name));
            }
        }
        indices.sort(Comparator.reverseOrder());
        return indices;
    }

    private Optional<JsonNode> readMetadata(String path) {
        byte[] bytes;
        try (InputStream in = yt.readFile(path + "/metadata")) {
            bytes = in.readAllBytes();
        } catch (YtException e) {
            if (e.isResolveError()) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint metadata " + path + "/metadata", e);
        }
        try {
            return Optional.of(ToolboxJson.MAPPER.readTree(bytes));
        } catch (IOException e) {
            // Early Python tractorun versions wrote str(dict); keep the text rather than fail the resume.
            return Optional.of(TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    private static byte[] metadataBytes(JsonNode metadata) {
        JsonNode value = metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata;
        try {
            return ToolboxJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint metadata cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SaveTask {
        int run();
    }
}
