package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.job.TrainingDirectory;
import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.log.TableLogSink;
import ai.tracto.tractorun.yt.CloseableIterator;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code tractorun-logs}: one peer's output for a training directory. From the log table
 * {@code <yt_path>/logs/<incarnation>/workers/<peer>} when the run wrote one
 * ({@code realtime_yt_table}), else from the stderr of the incarnation's operation jobs, keeping
 * the peer's {@code [rank N] } lines. With follow, keeps printing new lines until the operation
 * finishes, like {@code tail -f}; each fetch starts where the previous one ended.
 */
public final class PeerLogs {
    private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);

    private final YtClient client;
    private final PrintWriter out;
    private final CountDownLatch stopped;

    /** @param stopped counted down to end a follow early (Ctrl-C) */
    public PeerLogs(YtClient client, PrintWriter out, CountDownLatch stopped) {
        this.client = Objects.requireNonNull(client, "client");
        this.out = Objects.requireNonNull(out, "out");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    /** Prints the peer's lines; the incarnation defaults to the latest one. */
    public void print(String ytPath, OptionalLong incarnation, int peerIndex, boolean follow)
            throws InterruptedException {
        TrainingDirectory directory = new TrainingDirectory(ytPath);
        // Right after a --no-wait launch the first incarnation may not exist yet: following waits for it.
        while (follow && incarnation.isEmpty() && !hasIncarnation(directory)) {
            if (stopped.await(FOLLOW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        long id = incarnation.isPresent() ? incarnation.getAsLong() : latestIncarnation(directory);
        LogSource peer = LogSource.worker(peerIndex);
        String table = TableLogSink.tablePath(ytPath, id, peer);
        String operationId = operationOf(directory, id);
        if (client.exists(table)) {
            followTable(table, operationId, follow);
        } else {
            followStderr(operationId, peer.prefix(), follow);
        }
    }

    private boolean hasIncarnation(TrainingDirectory directory) {
        try {
            long id = client.get(directory.incarnationIdAttribute()).asLong(-1);
            return id >= 0 && client.exists(directory.incarnationAttribute(id,
                    TrainingDirectory.INCARNATION_OPERATION_ID));
        } catch (YtException e) {
            if (e.isResolveError()) {
                return false;
            }
            throw e;
        }
    }

    private long latestIncarnation(TrainingDirectory directory) {
        long id;
        try {
            id = client.get(directory.incarnationIdAttribute()).asLong(-1);
        } catch (YtException e) {
            if (e.isResolveError()) {
                throw new TractorunConfigException("yt_path", directory.ytPath(), "a tractorun training directory");
            }
            throw e;
        }
        if (id < 0) {
            throw new TractorunConfigException("yt_path", directory.ytPath() + ": no run has started there yet");
        }
        return id;
    }

    private String operationOf(TrainingDirectory directory, long id) {
        try {
            return client.get(directory.incarnationAttribute(id, TrainingDirectory.INCARNATION_OPERATION_ID)).asText();
        } catch (YtException e) {
            if (e.isResolveError()) {
                throw new TractorunConfigException("--incarnation", Long.toString(id),
                        "an incarnation of " + directory.ytPath());
            }
            throw e;
        }
    }

    private void followTable(String table, String operationId, boolean follow) throws InterruptedException {
        long row = 0;
        while (true) {
            boolean finished = !follow || isFinished(operationId);
            try (CloseableIterator<JsonNode> rows = client.readTable(table + "[#" + row + ":]")) {
                while (rows.hasNext()) {
                    out.println(rows.next().path("message").asText());
                    row++;
                }
            }
            out.flush();
            // The state was read before the rows: once finished, every row was written before that read.
            if (finished || stopped.await(FOLLOW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void followStderr(String operationId, String prefix, boolean follow) throws InterruptedException {
        Map<String, JobStderrTail> tails = new HashMap<>();
        while (true) {
            boolean finished = !follow || isFinished(operationId);
            for (JsonNode job : jobsByCookie(operationId)) {
                String jobId = job.path("id").asText();
                tails.computeIfAbsent(jobId, id -> new JobStderrTail(client, operationId, id))
                        .fetch(finished).forEach(line -> emit(line, prefix));
            }
            out.flush();
            if (finished || stopped.await(FOLLOW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void emit(String line, String prefix) {
        if (line.startsWith(prefix)) {
            out.println(line.substring(prefix.length()));
        }
    }

    private List<JsonNode> jobsByCookie(String operationId) {
        List<JsonNode> jobs = new java.util.ArrayList<>();
        client.listJobs(operationId).path("jobs").forEach(jobs::add);
        jobs.sort(java.util.Comparator.comparingInt(job -> job.path("job_cookie").asInt()));
        return jobs;
    }

    private boolean isFinished(String operationId) {
        return OperationWatcher.isFinished(client.getOperation(operationId, List.of("state")).path("state").asText());
    }
}
