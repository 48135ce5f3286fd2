package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.yt.CloseableIterator;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a table's rows, or a range of them, as a stream of JSON maps; {@link #shard(int, int)}
 * gives each rank of a gang its own contiguous part so that together they read every row once.
 *
 * <pre>{@code
 * TableReader reader = TableReader.of(toolbox.yt(), "//data/train")
 *         .shard(toolbox.coordinator().selfIndex(), toolbox.coordinator().peerCount());
 * try (Stream<JsonNode> rows = reader.stream()) { ... }
 * }</pre>
 */
public final class TableReader {
    private final YtClient yt;
    private final String path;
    private final RowRange range;

    private TableReader(YtClient yt, String path, RowRange range) {
        this.yt = yt;
        this.path = path;
        this.range = range;
    }

    /** The whole table at {@code path} (a plain path, without a row range); reads its {@code @row_count} now. */
    public static TableReader of(YtClient yt, String path) {
        Objects.requireNonNull(yt, "yt");
        Objects.requireNonNull(path, "path");
        if (path.endsWith("]")) {
            throw new IllegalArgumentException("table path must not carry a row range (use rows(start, end)), got "
                    + path);
        }
        long rowCount = yt.get(path + "/@row_count").asLong();
        return new TableReader(yt, path, new RowRange(0, rowCount));
    }

    public String path() {
        return path;
    }

    public RowRange range() {
        return range;
    }

    /** The rows {@code start..end-1} of this reader's range, counted from the start of that range. */
    public TableReader rows(long start, long end) {
        RowRange sub = new RowRange(start, end);
        if (sub.end() > range.size()) {
            throw new IllegalArgumentException("rows [" + start + ", " + end + ") exceed the " + range.size()
                    + " row(s) of " + path + range);
        }
        return new TableReader(yt, path, new RowRange(range.start() + start, range.start() + end));
    }

    /** The part of this reader's range that {@code rank} of {@code worldSize} reads; see {@link RowRange#shard}. */
    public TableReader shard(int rank, int worldSize) {
        return new TableReader(yt, path, range.shard(rank, worldSize));
    }

    public long rowCount() {
        return range.size();
    }

    /** The rows, fetched lazily in one streamed request; close the iterator when done. */
    public CloseableIterator<JsonNode> iterator() {
        if (range.isEmpty()) {
            return new EmptyIterator();
        }
        return yt.readTable(path + range);
    }

    /** {@link #iterator()} as a sequential stream that closes the request when closed. */
    public Stream<JsonNode> stream() {
        CloseableIterator<JsonNode> rows = iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
                .onClose(rows::close);
    }

    @Override
    public String toString() {
        return "TableReader{" + path + range + "}";
    }

    private static final class EmptyIterator implements CloseableIterator<JsonNode> {
        @Override
        public boolean hasNext() {
            return false;
        }

        @Override
        public JsonNode next() {
            throw new NoSuchElementException();
        }

        @Override
        public void close() {
        }
    }
}
