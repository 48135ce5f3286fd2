package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.FileStore;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.ypath.RowRange;
import ai.tracto.tractorun.localcluster.ypath.YPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Cypress of the embedded cluster: the tree, transactions, locks, files and tables, stored
 * durably under a root directory. Every method is one atomic command.
 */
public final class CypressService implements FileStore, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Transactions transactions;
    private final ScheduledExecutorService reaper;

    private CypressService(Store store) {
        this.store = store;
        this.transactions = new Transactions(store);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cypress-transaction-reaper");
            thread.setDaemon(true);
            return thread;
        });
        reaper.scheduleWithFixedDelay(this::expireTransactions, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Opens (or creates) the state under {@code root}; {@code transactionFinished} hears every ended transaction. */
    public static CypressService open(Path root, Consumer<String> transactionFinished) {
        return new CypressService(new Store(root, transactionFinished));
    }

    private void expireTransactions() {
        try {
            store.run(() -> {
                transactions.expire();
                return null;
            });
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CypressService.class).warn("Transaction expiry failed", e);
        }
    }

    private <T> T in(TxContext context, Function<View, T> command) {
        return store.run(() -> {
            store.checkPrerequisites(context.prerequisiteTransactionIds());
            return command.apply(store.view(context.transactionId()));
        });
    }

    public JsonNode get(TxContext context, YPath path, Optional<List<String>> attributes) {
        return in(context, v -> new Tree(v).get(path, attributes));
    }

    public boolean exists(TxContext context, YPath path) {
        return in(context, v -> new Tree(v).exists(path));
    }

    public JsonNode list(TxContext context, YPath path, Optional<List<String>> attributes) {
        return in(context, v -> new Tree(v).list(path, attributes));
    }

    public void set(TxContext context, YPath path, JsonNode value, boolean recursive, boolean force) {
        in(context, v -> {
            new Tree(v).set(path, value, recursive, force);
            return null;
        });
    }

    public void multisetAttributes(TxContext context, YPath path, ObjectNode attributes) {
        in(context, v -> {
            Tree tree = new Tree(v);
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String base = path.text().endsWith("/@") ? path.text() : path.text() + "/@";
                tree.set(YPath.parse(base + View.escape(field.getKey())), field.getValue(), false, false);
            }
            return null;
        });
    }

    public String create(TxContext context, YPath path, CreateRequest request) {
        NodeType type = NodeType.fromWireName(request.type());
        return in(context, v -> new Tree(v).create(type, path, request.recursive(), request.ignoreExisting(),
                request.force(), request.attributes()));
    }

    public void remove(TxContext context, YPath path, boolean recursive, boolean force) {
        in(context, v -> {
            new Tree(v).remove(path, recursive, force);
            return null;
        });
    }

    public String link(TxContext context, YPath target, YPath link, boolean recursive, boolean ignoreExisting, boolean force) {
        return in(context, v -> new Tree(v).link(target, link, recursive, ignoreExisting, force));
    }

    public String copy(TxContext context, YPath source, YPath destination, boolean recursive, boolean force) {
        return in(context, v -> new Tree(v).copy(source, destination, recursive, force));
    }

    public String move(TxContext context, YPath source, YPath destination, boolean recursive, boolean force) {
        return in(context, v -> new Tree(v).move(source, destination, recursive, force));
    }

    public LockResult lock(TxContext context, YPath path, LockMode mode, boolean waitable,
                           Optional<String> childKey, Optional<String> attributeKey) {
        return in(context, v -> {
            Lock lock = new Tree(v).lock(path, mode, waitable, childKey, attributeKey);
            return new LockResult(lock.id, lock.nodeId);
        });
    }

    public void unlock(TxContext context, YPath path) {
        in(context, v -> {
            new Tree(v).unlock(path);
            return null;
        });
    }

    public String startTransaction(TxContext context, OptionalLong timeoutMillis, ObjectNode attributes) {
        return in(TxContext.NONE, v -> transactions.start(context.transactionId(),
                timeoutMillis.orElse(Transactions.DEFAULT_TIMEOUT_MILLIS), attributes,
                context.prerequisiteTransactionIds()).id);
    }

    public void pingTransaction(TxContext context, String id, boolean pingAncestors) {
        in(context, v -> {
            transactions.ping(id, pingAncestors);
            return null;
        });
    }

    public void commitTransaction(TxContext context, String id) {
        in(context, v -> {
            transactions.commit(id);
            return null;
        });
    }

    public void abortTransaction(TxContext context, String id) {
        in(context, v -> {
            transactions.abort(id);
            return null;
        });
    }

    public void checkTransaction(String id) {
        store.run(() -> store.transaction(id));
    }

    /** Streams {@code data} into a new version of the file, replacing or appending. */
    public void writeFile(TxContext context, YPath path, InputStream data, boolean append) {
        in(context, v -> new Data(v).content(path, NodeType.FILE));
        Path written = store.blobs.receive(data);
        install(context, path, NodeType.FILE, written, 0, append);
    }

    private void install(TxContext context, YPath path, NodeType type, Path written, long rows, boolean append) {
        try {
            in(context, v -> {
                new Data(v).install(path, type, written, rows, append);
                return null;
            });
        } catch (RuntimeException e) {
            deleteQuietly(written);
            throw e;
        }
    }

    /**
     * The file's bytes from {@code offset} (clamped to the file) for at most {@code length}
     * bytes, with their exact count.
     */
    public FileSlice readFile(TxContext context, YPath path, long offset, OptionalLong length) {
        // Opened under the store's monitor: once open, a later overwrite deleting the blob cannot disturb the reader.
        return in(context, v -> openFile(new Data(v).content(path, NodeType.FILE), offset, length));
    }

    private static FileSlice openFile(Data.Content content, long offset, OptionalLong length) {
        if (content.blob().isEmpty()) {
            return FileSlice.empty();
        }
        try {
            return FileSlice.open(content.blob().get(), offset, length.orElse(Long.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes rows (JSON maps) as a new version of the table, replacing or appending. */
    public void writeTable(TxContext context, YPath path, Iterator<JsonNode> rows, boolean append) {
        in(context, v -> new Data(v).content(path, NodeType.TABLE));
        Path written = store.blobs.path(store.blobs.newName());
        long count = 0;
        try (BufferedWriter out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
            while (rows.hasNext()) {
                JsonNode row = rows.next();
                if (!row.isObject()) {
                    throw new ServerError(ErrorCodes.GENERIC, "Table rows must be maps, got " + row);
                }
                out.write(JSON.writeValueAsString(row));
                out.write('\n');
                count++;
            }
        } catch (IOException e) {
            deleteQuietly(written);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(written);
            throw e;
        }
        try {
            BlobStore.sync(written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        install(context, path, NodeType.TABLE, written, count, append);
    }

    /** The table's rows in the path's row range, as JSON lines; close the stream when done. */
    public Stream<String> readTable(TxContext context, YPath path) {
        return in(context, v -> openRows(new Data(v).content(path, NodeType.TABLE), path));
    }

    private static Stream<String> openRows(Data.Content content, YPath path) {
        if (content.blob().isEmpty()) {
            return Stream.empty();
        }
        RowRange range = path.rowRange().orElse(new RowRange(OptionalLong.empty(), OptionalLong.empty()));
        long lower = Math.max(0, range.lowerOr(0));
        long upper = Math.min(content.rowCount(), range.upperOr(content.rowCount()));
        try {
            return Files.lines(content.blob().get(), StandardCharsets.UTF_8).skip(lower).limit(Math.max(0, upper - lower));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void copyFileTo(String cypressPath, Path target) {
        try (FileSlice file = readFile(TxContext.NONE, YPath.parse(cypressPath), 0, OptionalLong.empty())) {
            file.transferTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover blob is removed at the next start.
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        try {
            reaper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
