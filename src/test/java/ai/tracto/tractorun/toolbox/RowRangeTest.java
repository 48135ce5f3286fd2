package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowRangeTest {
    @Test
    void shardsAreContiguousDisjointAndCoverTheRangeForManySizes() {
        for (long rows : new long[] {0, 1, 2, 9, 10, 101, 1000}) {
            for (int worldSize = 1; worldSize <= 9; worldSize++) {
                RowRange range = new RowRange(5, 5 + rows);
                List<RowRange> shards = new ArrayList<>();
                for (int rank = 0; rank < worldSize; rank++) {
                    shards.add(range.shard(rank, worldSize));
                }
                assertThat(shards.get(0).start()).isEqualTo(5);
                assertThat(shards.get(worldSize - 1).end()).isEqualTo(5 + rows);
                for (int rank = 1; rank < worldSize; rank++) {
                    assertThat(shards.get(rank).start()).isEqualTo(shards.get(rank - 1).end());
                }
                long min = shards.stream().mapToLong(RowRange::size).min().orElseThrow();
                long max = shards.stream().mapToLong(RowRange::size).max().orElseThrow();
                assertThat(max - min).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void remainderGoesToTheFirstRanks() {
        RowRange range = new RowRange(0, 10);

        assertThat(List.of(range.shard(0, 4), range.shard(1, 4), range.shard(2, 4), range.shard(3, 4)))
                .containsExactly(new RowRange(0, 3), new RowRange(3, 6), new RowRange(6, 8), new RowRange(8, 10));
    }

    @Test
    void printsAsAYPathRowRange() {
        assertThat(new RowRange(10, 20)).hasToString("[#10:#20]");
    }

    @Test
    void rankOutsideTheWorldIsRejectedWithTheBounds() {
        assertThatThrownBy(() -> new RowRange(0, 10).shard(3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rank must be within 0..2, got 3");
        assertThatThrownBy(() -> new RowRange(0, 10).shard(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("worldSize must be at least 1, got 0");
    }

    @Test
    void rangeEndingBeforeItStartsIsRejected() {
        assertThatThrownBy(() -> new RowRange(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row range must satisfy 0 <= start <= end, got [5, 4)");
    }
}
