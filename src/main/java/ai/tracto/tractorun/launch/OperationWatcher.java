package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Follows an operation until it finishes (or until it runs, for {@code --no-wait}): a live
 * carriage-return line on a terminal, one log line per change otherwise. YTsaurus has no push
 * for operation state, so this polls {@code get_operation} with a growing interval, waking at
 * once when the user interrupts, and when an embedded cluster in this process says that an
 * operation changed (it still reads the state through the API).
 */
final class OperationWatcher {
    private static final List<String> ATTRIBUTES = List.of("state", "brief_progress", "result");
    private static final Duration FIRST_INTERVAL = Duration.ofMillis(50);
    /** A real cluster's scheduler answers from its own snapshots; asking more often than this gains nothing. */
    static final Pace CLUSTER = new Pace(FIRST_INTERVAL, Duration.ofSeconds(2));
    /**
     * The embedded cluster answers from memory in about a millisecond, so a local run can afford
     * to look often: a failed gang reaches the user's prompt within this interval.
     */
    static final Pace LOCAL = new Pace(FIRST_INTERVAL, Duration.ofMillis(50));
    /**
     * With the embedded cluster in this process, every change wakes the watcher: polling is only
     * a safety net then, from the first pause on. Rare polls leave the CPU to the job, above all
     * while its bootstrap starts, which asks the same cluster for the rendezvous.
     */
    static final Pace WOKEN = new Pace(Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** The pauses between polls: the first one, growing by half at every poll up to the longest. */
    record Pace(Duration first, Duration max) {
        Pace {
            if (first.compareTo(max) > 0) {
                first = max;
            }
        }

        /** The pause after {@code pause}. */
        Duration after(Duration pause) {
            Duration longer = pause.multipliedBy(3).dividedBy(2);
            return longer.compareTo(max) > 0 ? max : longer;
        }
    }

    private final YtClient client;
    private final String operationId;
    private final LaunchEnvironment environment;
    private final CountDownLatch interrupted;
    private final WakeUp wakeUp;
    private final Optional<StderrProxy> stderrProxy;
    private final Pace pace;
    private String lastStatus = "";
    private boolean progressLineOpen;

    /**
     * @param interrupted counted down when the user interrupts
     * @param wakeUp      called when the user interrupts, and on every change an embedded cluster reports
     * @param pace        the pauses between polls
     */
    OperationWatcher(YtClient client, String operationId, LaunchEnvironment environment, CountDownLatch interrupted,
                     WakeUp wakeUp, Optional<StderrProxy> stderrProxy, Pace pace) {
        this.client = client;
        this.operationId = operationId;
        this.environment = environment;
        this.interrupted = interrupted;
        this.wakeUp = wakeUp;
        this.stderrProxy = stderrProxy;
        this.pace = pace;
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
        Duration interval = pace.first();
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
            wakeUp.await(interval);
            if (interrupted.getCount() == 0) {
                endProgressLine();
                return Optional.empty();
            }
            interval = pace.after(interval);
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
