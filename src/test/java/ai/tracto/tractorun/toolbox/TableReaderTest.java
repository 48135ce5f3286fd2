package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
    private static final int[] TABLE_SIZES = {0, 1, 10, 101};
    private static final int[] WORLD_SIZES = {1, 2, 3, 4, 7};

    @TempDir
    static Path root;
    private static LocalCluster cluster;
    private static YtClient yt;

    @BeforeAll
    static void startClusterWithTables() {
        cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
        for (int size : TABLE_SIZES) {
            String path = "//tmp/rows_" + size;
            yt.create("table", path, CreateOptions.builder().recursive(true).build());
            yt.writeTable(path, IntStream.range(0, size)
                    .mapToObj(i -> (JsonNode) JsonNodeFactory.instance.objectNode().put("id", i)).iterator(), false);
        }
    }

    @AfterAll
    static void stopCluster() {
        yt.close();
        cluster.close();
    }

    @Test
    void shardsCoverEveryRowExactlyOnceForSeveralWorldSizes() {
        for (int size : TABLE_SIZES) {
            TableReader table = TableReader.of(yt, "//tmp/rows_" + size);
            for (int worldSize : WORLD_SIZES) {
                List<Integer> seen = new ArrayList<>();
                for (int rank = 0; rank < worldSize; rank++) {
                    TableReader shard = table.shard(rank, worldSize);
                    List<Integer> ids = ids(shard);
                    assertThat(ids).as("rows of rank %d of %d over %d rows", rank, worldSize, size)
                            .hasSize((int) shard.rowCount());
                    seen.addAll(ids);
                }
                assertThat(seen).as("%d rows over %d ranks", size, worldSize)
                        .containsExactlyElementsOf(IntStream.range(0, size).boxed().toList());
            }
        }
    }

    @Test
    void readsTheWholeTableInOrder() {
        assertThat(ids(TableReader.of(yt, "//tmp/rows_10"))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void rowsAreCountedFromTheStartOfTheReadersRange() {
        TableReader shard = TableReader.of(yt, "//tmp/rows_101").shard(1, 4);

        assertThat(shard.range()).isEqualTo(new RowRange(26, 51));
        assertThat(ids(shard.rows(2, 5))).containsExactly(28, 29, 30);
    }

    @Test
    void rowsBeyondTheRangeAreRejected() {
        TableReader table = TableReader.of(yt, "//tmp/rows_10");

        assertThatThrownBy(() -> table.rows(5, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows [5, 11) exceed the 10 row(s) of //tmp/rows_10[#0:#10]");
    }

    @Test
    void pathWithARowRangeIsRejected() {
        assertThatThrownBy(() -> TableReader.of(yt, "//tmp/rows_10[#1:#2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table path must not carry a row range (use rows(start, end)), got //tmp/rows_10[#1:#2]");
    }

    private static List<Integer> ids(TableReader reader) {
        try (Stream<JsonNode> rows = reader.stream()) {
            return rows.map(row -> row.path("id").intValue()).toList();
        }
    }
}
