package ai.tracto.tractorun.job.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies lines to YTsaurus tables ({@code operation_log_mode: realtime_yt_table}) in batches from
 * one background thread. {@link #accept} never waits: when the bounded queue is full (the
 * cluster is slow or unreachable) the line is dropped and counted, because a worker blocked on a
 * full pipe is worse than a gap in a log table. The job's stderr still has every line.
 * Rows are {@code {"datetime": ISO-8601, "message": text, "fd": 1|2}}.
 */
public final class TableLogSink implements LogSink {
    private static final Logger LOG = LoggerFactory.getLogger(TableLogSink.class);
    private static final LogLine END = new LogLine(LogSource.worker(0), LogStream.STDOUT, Instant.EPOCH, "");

    private final LogTableWriter writer;
    private final Function<LogSource, String> tableOf;
    private final BlockingQueue<LogLine> queue;
    private final int maxBatch;
    private final Duration closeTimeout;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the writing thread.
     *
     * @param tableOf the table of each source, e.g. {@link #tablePath(String, long, LogSource)}
     * @param capacity how many lines may wait for the writer before new ones are dropped
     * @param maxBatch the most rows per append
     * @param closeTimeout how long {@link #close()} lets the writer flush what is queued
     */
    public TableLogSink(LogTableWriter writer, Function<LogSource, String> tableOf, int capacity, int maxBatch,
                        Duration closeTimeout) {
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity and maxBatch must be positive, got " + capacity
                    + " and " + maxBatch);
        }
        this.writer = Objects.requireNonNull(writer, "writer");
        this.tableOf = Objects.requireNonNull(tableOf, "tableOf");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.thread = new Thread(this::writeLoop, "tractorun-log-table-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** {@code <yt_path>/logs/<incarnation>/workers/<rank>} or {@code .../sidecars/<index>}. */
    public static String tablePath(String ytPath, long incarnationId, LogSource source) {
        String kind = source.kind() == LogSource.Kind.WORKER ? "workers" : "sidecars";
        return ytPath + "/logs/" + incarnationId + "/" + kind + "/" + source.index();
    }

    @Override
    public void accept(LogLine line) {
        if (closed || !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines not written: dropped on a full queue, after close, or lost to a failing writer. */
    public long droppedLines() {
        return dropped.get();
    }

    public long writtenLines() {
        return written.get();
    }

    /**
     * Stops accepting lines, lets the writer flush the queue for at most the close timeout, then
     * gives up on the rest (counted as dropped) and reports the count once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // When the queue is full the writer ends on its own once it finds the queue empty.
        queue.offer(END);
        try {
            thread.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("log table writer did not finish within {} ms; abandoning its queue", closeTimeout.toMillis());
        }
        long unwritten = queue.stream().filter(line -> line != END).count();
        queue.clear();
        dropped.addAndGet(unwritten);
        if (dropped.get() > 0) {
            LOG.warn("{} log line(s) were not written to the log tables ({} written)", dropped.get(), written.get());
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                LogLine first = queue.take();
                List<LogLine> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                boolean end = batch.removeIf(line -> line == END);
                write(batch);
                if (end || (closed && queue.isEmpty())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<LogLine> batch) {
        Map<String, List<ObjectNode>> byTable = new LinkedHashMap<>();
        for (LogLine line : batch) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("datetime", line.time().toString());
            row.put("message", line.text());
            row.put("fd", line.stream().fd());
            byTable.computeIfAbsent(tableOf.apply(line.source()), t -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<ObjectNode>> table : byTable.entrySet()) {
            try {
                writer.append(table.getKey(), table.getValue());
                written.addAndGet(table.getValue().size());
            } catch (RuntimeException e) {
                dropped.addAndGet(table.getValue().size());
                LOG.warn("cannot append {} log line(s) to {}: {}", table.getValue().size(), table.getKey(),
                        e.getMessage());
            }
        }
    }
}
