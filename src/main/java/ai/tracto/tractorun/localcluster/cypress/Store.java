package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.Ids;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cluster's whole mutable state: nodes, the committed layer, live transactions and locks.
 * One monitor guards it; every command runs inside {@link #run}, which also makes the
 * command's committed changes durable before it returns.
 */
final class Store implements AutoCloseable {
    final Map<String, Node> nodes = new HashMap<>();
    final Map<String, NodeDelta> trunk = new HashMap<>();
    final Map<String, Transaction> transactions = new HashMap<>();
    final LockTable locks = new LockTable();
    final BlobStore blobs;
    final String rootId;
    private final Journal journal;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final List<String> finished = new ArrayList<>();
    private final Consumer<String> transactionFinished;

    Store(Path root, Consumer<String> transactionFinished) {
        this.transactionFinished = transactionFinished;
        this.blobs = new BlobStore(root.resolve("blobs"));
        this.journal = new Journal(root.resolve("cypress"));
        journal.load(nodes, trunk);
        String existingRoot = null;
        boolean fresh = false;
        for (Node node : nodes.values()) {
            if (node.parentId.isEmpty()) {
                existingRoot = node.id;
            }
        }
        if (existingRoot == null) {
            fresh = true;
            existingRoot = "0-0-0-0";
            nodes.put(existingRoot, new Node(existingRoot, NodeType.MAP_NODE, Optional.empty(), "", now(), Optional.empty()));
            trunk.put(existingRoot, NodeDelta.complete(now()));
            // Directories every YTsaurus cluster has and clients expect.
            for (String key : new String[] {"tmp", "home"}) {
                Node dir = new Node(Ids.next(), NodeType.MAP_NODE, Optional.of(existingRoot), key, now(), Optional.empty());
                nodes.put(dir.id, dir);
                trunk.put(dir.id, NodeDelta.complete(now()));
                trunk.get(existingRoot).children.put(key, dir.id);
            }
        }
        this.rootId = existingRoot;
        Set<String> liveBlobs = new HashSet<>();
        trunk.values().forEach(d -> {
            if (d.blob != null) {
                liveBlobs.add(d.blob);
            }
        });
        blobs.retainOnly(liveBlobs);
        if (fresh) {
            // The root and its directories exist only in memory yet: a snapshot records them.
            journal.rewrite(nodes, trunk);
        } else {
            journal.resume(nodes, trunk);
        }
    }

    static long now() {
        return System.currentTimeMillis();
    }

    void markDirty(String nodeId) {
        dirty.add(nodeId);
    }

    /** Deletes a blob that no layer refers to any more (an overwritten, removed or aborted version). */
    void releaseBlob(String blob) {
        if (blob == null || referenced(blob, trunk)) {
            return;
        }
        for (Transaction tx : transactions.values()) {
            if (referenced(blob, tx.layer)) {
                return;
            }
        }
        try {
            java.nio.file.Files.deleteIfExists(blobs.path(blob));
        } catch (java.io.IOException e) {
            // Unreferenced blobs are removed again at the next start.
        }
    }

    private static boolean referenced(String blob, Map<String, NodeDelta> layer) {
        for (NodeDelta delta : layer.values()) {
            if (blob.equals(delta.blob)) {
                return true;
            }
        }
        return false;
    }

    void markFinished(String transactionId) {
        finished.add(transactionId);
    }

    /** Runs one command atomically, persists what it committed, then reports finished transactions. */
    <T> T run(Supplier<T> command) {
        List<String> ended;
        T result;
        synchronized (this) {
            try {
                result = command.get();
            } finally {
                flush();
            }
            ended = new ArrayList<>(finished);
            finished.clear();
        }
        ended.forEach(transactionFinished);
        return result;
    }

    private void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        boolean compact = journal.append(dirty, nodes, trunk);
        dirty.clear();
        if (compact) {
            journal.rewrite(nodes, trunk);
        }
    }

    Transaction transaction(String id) {
        Transaction tx = transactions.get(id);
        if (tx == null) {
            throw new ServerError(ErrorCodes.NO_SUCH_TRANSACTION, "No such transaction " + id,
                    Map.of("transaction_id", id));
        }
        return tx;
    }

    View view(Optional<String> transactionId) {
        return new View(this, transactionId.map(this::transaction));
    }

    void checkPrerequisites(List<String> ids) {
        for (String id : ids) {
            if (!transactions.containsKey(id)) {
                throw new ServerError(ErrorCodes.PREREQUISITE_CHECK_FAILED,
                        "Prerequisite check failed: transaction " + id + " is missing",
                        Map.of("prerequisite_transaction_id", id));
            }
        }
    }

    @Override
    public synchronized void close() {
        journal.close();
        blobs.close();
    }
}
