package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows an operation until it finishes (or until it runs, for {@code --no-wait}): a live
 * carriage-return line on a terminal, one log line per change otherwise. YTsaurus has no push
 * for operation state, so this polls {@code get_operation} with a growing interval, waking at
 * once when the user interrupts.
 */
final class OperationWatcher {
    private static final List<String> ATTRIBUTES = List.of("state", "brief_progress", "result");
    private static final Duration FIRST_INTERVAL = Duration.ofMillis(50);
    /** A real cluster's scheduler answers from its own snapshots; asking more often than this gains nothing. */
    static final Duration CLUSTER_MAX_INTERVAL = Duration.ofSeconds(2);
    /**
     * The embedded cluster answers from memory in about a millisecond, so a local run can afford
     * to look often: a failed gang reaches the user's prompt within this interval.
     */
    static final Duration LOCAL_MAX_INTERVAL = Duration.ofMillis(50);

    private final YtClient client;
    private final String operationId;
    private final LaunchEnvironment environment;
    private final CountDownLatch interrupted;
    private final Optional<StderrProxy> stderrProxy;
    private final Duration maxInterval;
    private String lastStatus = "";
    private boolean progressLineOpen;

    OperationWatcher(YtClient client, String operationId, LaunchEnvironment environment, CountDownLatch interrupted,
                     Optional<StderrProxy> stderrProxy, Duration maxInterval) {
        this.client = client;
        this.operationId = operationId;
        this.environment = environment;
        this.interrupted = interrupted;
        this.stderrProxy = stderrProxy;
        this.maxInterval = maxInterval;
    }

    /** The operation once finished; empty when interrupted first. */
    Optional<JsonNode> awaitFinished() throws InterruptedException {
        return await(true);
    }

    /** The operation once running (or already finished); empty when interrupted first. */
    Optional<JsonNode> awaitRunning() throws InterruptedException {
        return await(false);
    }

    private Optional<JsonNode> await(boolean untilFinished) throws InterruptedException {
        Duration interval = FIRST_INTERVAL;
        while (true) {
            JsonNode operation = client.getOperation(operationId, ATTRIBUTES);
            String state = operation.path("state").asText();
            show(state, operation.path("brief_progress").path("jobs"));
            stderrProxy.ifPresent(StderrProxy::poll);
            if (isFinished(state) || !untilFinished && "running".equals(state)) {
                stderrProxy.ifPresent(StderrProxy::finish);
                endProgressLine();
                return Optional.of(operation);
            }
            if (interrupted.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                endProgressLine();
                return Optional.empty();
            }
            interval = interval.multipliedBy(3).dividedBy(2);
            if (interval.compareTo(maxInterval) > 0) {
                interval = maxInterval;
            }
        }
    }

    static boolean isFinished(String state) {
        return "completed".equals(state) || "failed".equals(state) || "aborted".equals(state);
    }

    private void show(String state, JsonNode jobs) {
        String status = state + " (jobs: " + count(jobs, "pending") + " pending, " + count(jobs, "running")
                + " running, " + count(jobs, "completed") + " completed, " + count(jobs, "failed") + " failed)";
        if (status.equals(lastStatus)) {
            return;
        }
        lastStatus = status;
        String line = "tractorun: operation " + operationId + ": " + status;
        if (environment.terminal() && stderrProxy.isEmpty()) {
            synchronized (environment.err()) {
                environment.err().print("\r" + line + "\u001b[K");
                environment.err().flush();
            }
            progressLineOpen = true;
        } else {
            environment.say(line);
        }
    }

    private void endProgressLine() {
        if (progressLineOpen) {
            environment.say("");
            progressLineOpen = false;
        }
    }

    /** A count in brief_progress: a number, or a map with {@code total}. */
    private static long count(JsonNode jobs, String name) {
        JsonNode value = jobs.path(name);
        return value.isObject() ? value.path("total").asLong() : value.asLong();
    }
}
