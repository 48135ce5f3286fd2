package example;

import ai.tracto.tractorun.Coordinator;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.RunInfo;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.Toolbox;
import ai.tracto.tractorun.Tractorun;
import ai.tracto.tractorun.TractorunRunException;
import ai.tracto.tractorun.toolbox.TableReader;
import ai.tracto.tractorun.yt.CopyOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.SetOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A sharded batch computation on a gang of 2 nodes x 2 processes: the sum of the squares of a
 * table's {@code value} column.
 *
 * <ol>
 *   <li>the primary writes the input table {@code <yt_path>/sharded_sum/input_<rows>} (rows
 *       {@code {"value": 0}} .. {@code {"value": rows-1}}) unless an earlier run left it there;</li>
 *   <li>every worker reads only its shard, {@code toolbox.tableReader(input).shard(rank, world)},
 *       and publishes its partial result as the Cypress node
 *       {@code <yt_path>/sharded_sum/partials/<incarnation>/<rank>};</li>
 *   <li>the primary waits for every partial, reduces them, checks the total against the closed
 *       form {@code (n-1)n(2n-1)/6}, and stores it in {@code <yt_path>/sharded_sum/result}.</li>
 * </ol>
 *
 * <p>Run it with {@code examples/java/run [ROWS [YT_PATH]]}. It runs on the embedded local
 * cluster; drop {@code .local(true)} (and set {@code YT_PROXY}, a token and a Docker image with
 * Java 17 or none at all) to run the very same code on a YTsaurus cluster.
 */
public final class ShardedSum {
    private static final long DEFAULT_ROWS = 1000;
    private static final String DEFAULT_YT_PATH = "//tmp/examples/sharded-sum";
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

    private ShardedSum() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : DEFAULT_ROWS;
        String ytPath = args.length > 1 ? args[1] : DEFAULT_YT_PATH;
        RunConfig config = RunConfig.builder()
                .ytPath(ytPath)
                .mesh(Mesh.builder().nodeCount(2).processPerNode(2).build())
                .proxyStderrMode(StderrMode.PRIMARY)   // the primary's lines appear on this terminal
                .local(true)
                .build();
        try {
            // The lambda captures `rows`; it is serialized here and run by each of the 4 workers.
            RunInfo info = Tractorun.run(toolbox -> sumOfSquares(toolbox, rows), config);
            System.out.println("sharded-sum: operation " + info.operationId().orElse("-") + " completed,"
                    + " incarnation " + (info.incarnation().isPresent() ? info.incarnation().getAsLong() : "-")
                    + " of " + info.ytPath());
        } catch (TractorunRunException e) {
            System.err.println("sharded-sum: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /** What every worker runs. */
    static void sumOfSquares(Toolbox toolbox, long rows) throws InterruptedException {
        Coordinator me = toolbox.coordinator();
        YtClient yt = toolbox.yt();
        String work = toolbox.ytPath() + "/sharded_sum";
        String input = work + "/input_" + rows;
        // Per incarnation, so that a rerun on the same yt_path never reduces an earlier run's partials.
        String partials = work + "/partials/" + me.incarnationId();

        if (me.isPrimary() && !yt.exists(input)) {
            writeInput(yt, input, rows);
        }
        await("the input table " + input, () -> yt.exists(input));

        TableReader shard = toolbox.tableReader(input).shard(me.selfIndex(), me.peerCount());
        long count = 0;
        long sum = 0;
        try (Stream<JsonNode> values = shard.stream()) {
            for (JsonNode row : (Iterable<JsonNode>) values::iterator) {
                long value = row.path("value").asLong();
                sum += value * value;
                count++;
            }
        }
        ObjectNode partial = JsonNodeFactory.instance.objectNode()
                .put("rows", count).put("sum", sum).put("range", shard.range().toString());
        yt.set(partials + "/" + me.selfIndex(), partial, new SetOptions(true, false));

        if (me.isPrimary()) {
            reduce(toolbox, work, partials, rows);
        }
    }

    private static void reduce(Toolbox toolbox, String work, String partials, long rows) throws InterruptedException {
        YtClient yt = toolbox.yt();
        int world = toolbox.coordinator().peerCount();
        await(world + " partial results in " + partials, () -> yt.list(partials).size() == world);
        long totalRows = 0;
        long total = 0;
        for (int rank = 0; rank < world; rank++) {
            JsonNode partial = yt.get(partials + "/" + rank);
            System.out.printf("rank %d read rows %s: %d rows, partial sum %d%n", rank,
                    partial.path("range").asText(), partial.path("rows").asLong(), partial.path("sum").asLong());
            totalRows += partial.path("rows").asLong();
            total += partial.path("sum").asLong();
        }
        long expected = (rows - 1) * rows * (2 * rows - 1) / 6;
        System.out.printf("sum of squares of 0..%d over %d ranks: %d (expected %d)%n", rows - 1, world, total,
                expected);
        if (totalRows != rows || total != expected) {
            throw new IllegalStateException("the shards read " + totalRows + " of " + rows + " rows and summed to "
                    + total + ", expected " + expected);
        }
        yt.set(work + "/result", JsonNodeFactory.instance.objectNode()
                .put("rows", rows).put("ranks", world).put("sum_of_squares", total), new SetOptions(true, true));
        toolbox.descriptionManager().set(Map.of("sum_of_squares", total, "rows", rows));
    }

    /** Written aside and moved into place, so that a reader never sees a half-written table. */
    private static void writeInput(YtClient yt, String input, long rows) {
        String temporary = input + ".tmp";
        yt.create("table", temporary, CreateOptions.builder().recursive(true).force(true).build());
        yt.writeTable(temporary, LongStream.range(0, rows)
                .<JsonNode>mapToObj(i -> JsonNodeFactory.instance.objectNode().put("value", i)).iterator(), false);
        yt.move(temporary, input, new CopyOptions(true, true));
        System.out.printf("wrote %d rows to %s%n", rows, input);
    }

    /** Polls with a doubling backoff (20 ms up to 1 s): Cypress has no watches to wait on. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT_LIMIT);
        long delayMillis = 20;
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + WAIT_LIMIT.toMinutes() + " min waiting for "
                        + what);
            }
            Thread.sleep(delayMillis);
            delayMillis = Math.min(delayMillis * 2, 1000);
        }
    }
}
