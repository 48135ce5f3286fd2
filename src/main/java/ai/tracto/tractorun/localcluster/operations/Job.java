package ai.tracto.tractorun.localcluster.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One job of an operation; mutable, guarded by its operation's lock. */
final class Job {
    final String id;
    final TaskSpec task;
    final int cookie;
    final Path directory;
    final List<Integer> ports;
    final Instant startTime;
    JobState state = JobState.RUNNING;
    Optional<Instant> finishTime = Optional.empty();
    Optional<ObjectNode> error = Optional.empty();
    Optional<JobProcess> process = Optional.empty();
    boolean stopRequested;

    Job(String id, TaskSpec task, int cookie, Path directory, List<Integer> ports, Instant startTime) {
        this.id = id;
        this.task = task;
        this.cookie = cookie;
        this.directory = directory;
        this.ports = List.copyOf(ports);
        this.startTime = startTime;
    }

    Path sandbox() {
        return directory.resolve(WorkFiles.SANDBOX);
    }

    Path stderrFile() {
        return directory.resolve("stderr");
    }

    long stderrSize() {
        try {
            return Files.exists(stderrFile()) ? Files.size(stderrFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    ObjectNode render(String operationId) {
        ObjectNode node = YtValues.JSON.createObjectNode();
        node.put("id", id);
        node.put("operation_id", operationId);
        node.put("state", state.wireName());
        node.put("type", "vanilla");
        node.put("address", "127.0.0.1");
        node.put("start_time", YtValues.time(startTime));
        finishTime.ifPresent(t -> node.put("finish_time", YtValues.time(t)));
        error.ifPresent(e -> node.set("error", e.deepCopy()));
        node.put("job_cookie", cookie);
        node.put("task_name", task.name());
        node.put("stderr_size", stderrSize());
        return node;
    }

    enum JobState {
        RUNNING, COMPLETED, FAILED, ABORTED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
