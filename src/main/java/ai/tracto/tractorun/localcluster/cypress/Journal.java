package ai.tracto.tractorun.localcluster.cypress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Durable committed state: a snapshot of every committed node plus a write-ahead journal of
 * changed nodes, one JSON line per commit, fsynced before the command answers. Replaying a
 * snapshot and then the journal's complete lines gives the last committed tree; a torn last
 * line (a kill mid-write) is ignored. The snapshot is replaced atomically (temp, fsync, rename).
 * A journal read whole and ending with a complete line is appended to after a restart; one with
 * a torn or unreadable line, or long enough, is compacted into a new snapshot first.
 *
 * <p>Long enough means more bytes than the snapshot (and at least {@value #COMPACT_FLOOR_BYTES}):
 * a record holds each changed node whole, a directory with all its children's names, so a journal
 * of runs under one directory grows with the square of their number while the snapshot grows
 * with the number. Compacting at the snapshot's size keeps the time a start spends reading the
 * state proportional to the state, not to its history.
 */
final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long COMPACT_FLOOR_BYTES = 64 * 1024;

    private final Path snapshot;
    private final Path log;
    private final long compactFloorBytes;
    private FileChannel channel;
    private long snapshotBytes;
    private long journalBytes;
    /** Whether the loaded journal ended with a complete, readable line (or was empty): safe to append to. */
    private boolean intact = true;

    Journal(Path dir) {
        this(dir, COMPACT_FLOOR_BYTES);
    }

    /** A journal compacted once it is longer than the snapshot and than {@code compactFloorBytes}. */
    Journal(Path dir, long compactFloorBytes) {
        this.compactFloorBytes = compactFloorBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.snapshot = dir.resolve("snapshot.json");
        this.log = dir.resolve("journal.log");
    }

    /** Loads the committed tree into {@code nodes}/{@code trunk}. */
    void load(Map<String, Node> nodes, Map<String, NodeDelta> trunk) {
        try {
            snapshotBytes = 0;
            if (Files.exists(snapshot)) {
                snapshotBytes = Files.size(snapshot);
                JsonNode root = JSON.readTree(snapshot.toFile());
                for (JsonNode record : root.get("nodes")) {
                    decode(record, nodes, trunk);
                }
            }
            journalBytes = 0;
            intact = true;
            if (Files.exists(log)) {
                journalBytes = Files.size(log);
                intact = endsWithCompleteLine(log);
                try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        JsonNode record;
                        try {
                            record = JSON.readTree(line);
                        } catch (IOException torn) {
                            intact = false;
                            break;
                        }
                        for (JsonNode upsert : record.path("upsert")) {
                            decode(upsert, nodes, trunk);
                        }
                        for (JsonNode deleted : record.path("delete")) {
                            nodes.remove(deleted.asText());
                            trunk.remove(deleted.asText());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the cluster state in " + snapshot.getParent(), e);
        }
    }

    /**
     * After {@link #load}: appends to the loaded journal when it is intact and short, else
     * compacts ({@link #rewrite}). Appending after a torn line would hide every later record.
     */
    void resume(Map<String, Node> nodes, Map<String, NodeDelta> trunk) {
        if (!intact || compactionDue()) {
            rewrite(nodes, trunk);
            return;
        }
        try {
            closeChannel();
            channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean endsWithCompleteLine(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /** Starts a fresh journal from the given committed state (compaction). */
    void rewrite(Map<String, Node> nodes, Map<String, NodeDelta> trunk) {
        try {
            closeChannel();
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray("nodes");
            for (Node node : nodes.values()) {
                if (node.createdIn.isEmpty() && trunk.containsKey(node.id)) {
                    list.add(encode(node, trunk.get(node.id)));
                }
            }
            Path temp = snapshot.resolveSibling("snapshot.json.tmp");
            byte[] bytes = JSON.writeValueAsBytes(root);
            Files.write(temp, bytes);
            BlobStore.sync(temp);
            Files.move(temp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            channel.force(true);
            snapshotBytes = bytes.length;
            journalBytes = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one commit's changed nodes; returns whether compaction is due. */
    boolean append(Collection<String> changed, Map<String, Node> nodes, Map<String, NodeDelta> trunk) {
        ObjectNode record = JSON.createObjectNode();
        ArrayNode upserts = record.putArray("upsert");
        ArrayNode deletes = record.putArray("delete");
        for (String id : changed) {
            Node node = nodes.get(id);
            NodeDelta delta = trunk.get(id);
            if (node == null || delta == null) {
                deletes.add(id);
            } else {
                upserts.add(encode(node, delta));
            }
        }
        byte[] line;
        try {
            line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        journalBytes += line.length;
        return compactionDue();
    }

    private boolean compactionDue() {
        return journalBytes > Math.max(compactFloorBytes, snapshotBytes);
    }

    private static ObjectNode encode(Node node, NodeDelta delta) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", node.id);
        out.put("type", node.type.wireName());
        node.parentId.ifPresent(p -> out.put("parent", p));
        out.put("key", node.key);
        out.put("creation_time", node.creationTime);
        out.put("modification_time", delta.modificationTime);
        ObjectNode children = out.putObject("children");
        delta.children.forEach(children::put);
        ObjectNode attributes = out.putObject("attributes");
        delta.attributes.forEach(attributes::set);
        if (delta.value != null) {
            out.set("value", delta.value);
        }
        if (delta.blob != null) {
            out.put("blob", delta.blob);
            out.put("row_count", delta.rowCount);
            out.put("data_size", delta.dataSize);
        }
        return out;
    }

    private static void decode(JsonNode in, Map<String, Node> nodes, Map<String, NodeDelta> trunk) {
        String id = in.get("id").asText();
        Optional<String> parent = in.hasNonNull("parent") ? Optional.of(in.get("parent").asText()) : Optional.empty();
        Node node = new Node(id, NodeType.fromWireName(in.get("type").asText()), parent, in.get("key").asText(),
                in.get("creation_time").asLong(), Optional.empty());
        NodeDelta delta = NodeDelta.complete(in.get("modification_time").asLong());
        for (Iterator<Map.Entry<String, JsonNode>> it = in.get("children").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> child = it.next();
            delta.children.put(child.getKey(), child.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = in.get("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            delta.attributes.put(attribute.getKey(), attribute.getValue());
        }
        if (in.has("value")) {
            delta.value = in.get("value");
        }
        if (in.has("blob")) {
            delta.blob = in.get("blob").asText();
            delta.rowCount = in.get("row_count").asLong();
            delta.dataSize = in.get("data_size").asLong();
        }
        nodes.put(id, node);
        trunk.put(id, delta);
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() {
        try {
            closeChannel();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
