package ai.tracto.tractorun.toolbox;

/**
 * Rows {@code start} (inclusive) to {@code end} (exclusive) of a table, as in {@code //t[#start:#end]}.
 */
public record RowRange(long start, long end) {
    public RowRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("row range must satisfy 0 <= start <= end, got [" + start + ", " + end + ")");
        }
    }

    public long size() {
        return end - start;
    }

    public boolean isEmpty() {
        return start == end;
    }

    /**
     * The part of this range that {@code rank} of {@code worldSize} reads: contiguous, disjoint
     * slices that together cover the range; the remainder goes one row each to the first ranks,
     * so slice sizes differ by at most one.
     */
    public RowRange shard(int rank, int worldSize) {
        if (worldSize < 1) {
            throw new IllegalArgumentException("worldSize must be at least 1, got " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank must be within 0.." + (worldSize - 1) + ", got " + rank);
        }
        long base = size() / worldSize;
        long remainder = size() % worldSize;
        long shardStart = start + rank * base + Math.min(rank, remainder);
        long shardSize = base + (rank < remainder ? 1 : 0);
        return new RowRange(shardStart, shardStart + shardSize);
    }

    @Override
    public String toString() {
        return "[#" + start + ":#" + end + "]";
    }
}
