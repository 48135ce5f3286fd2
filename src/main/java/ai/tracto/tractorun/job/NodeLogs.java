package ai.tracto.tractorun.job;

import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.job.log.LogSink;
import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.log.StderrLogSink;
import ai.tracto.tractorun.job.log.TableLogSink;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where the lines of one node's workers and sidecars go: always the job's stderr, prefixed with
 * their source; with {@code operation_log_mode: realtime_yt_table} also the log tables of the
 * incarnation, created here before the first line.
 *
 * <p>Sidecar indices restart at 0 on every node, so their tables are numbered across the gang
 * ({@code node_index × sidecar_count + index}): two nodes never append to one table, which
 * YTsaurus would refuse as a lock conflict. The stderr prefix keeps the node's own index.
 */
final class NodeLogs {
    private static final int TABLE_QUEUE_LINES = 10_000;
    private static final int TABLE_BATCH_ROWS = 1_000;
    private static final Duration TABLE_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private NodeLogs() {}

    static LogSink open(BootstrapConfig config, Incarnation incarnation, WorkerEnvironment environment,
                        YtClient client, OutputStream stderr) {
        List<LogSink> sinks = new ArrayList<>();
        sinks.add(new StderrLogSink(stderr));
        if (config.operationLogMode() == OperationLogMode.REALTIME_YT_TABLE) {
            int nodeIndex = incarnation.node().nodeIndex();
            int sidecarCount = config.sidecars().size();
            Function<LogSource, String> tableOf = source -> TableLogSink.tablePath(config.ytPath(), incarnation.id(),
                    source.kind() == LogSource.Kind.WORKER ? source
                            : LogSource.sidecar(nodeIndex * sidecarCount + source.index()));
            List<LogSource> sources = new ArrayList<>();
            environment.localRanks().forEach(localRank -> sources.add(LogSource.worker(environment.rank(localRank))));
            for (int i = 0; i < sidecarCount; i++) {
                sources.add(LogSource.sidecar(i));
            }
            for (LogSource source : sources) {
                client.create("table", tableOf.apply(source),
                        CreateOptions.builder().recursive(true).ignoreExisting(true).build());
            }
            sinks.add(new TableLogSink((table, rows) -> client.writeTable(table, rows.iterator(), true), tableOf,
                    TABLE_QUEUE_LINES, TABLE_BATCH_ROWS, TABLE_CLOSE_TIMEOUT));
        }
        return LogSink.tee(sinks);
    }
}
