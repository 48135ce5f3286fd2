package ai.tracto.tractorun.job;

import ai.tracto.tractorun.yt.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a job failed, as the one line the bootstrap writes last to the job's stderr so that the
 * launcher can name the culprit without guessing from log text:
 * <pre>
 * tractorun-failure: {"reason":"worker_failed","node":1,"rank":3,"sidecar":null,"exit_code":7,"signal":null,"message":"rank 3 exited with code 7"}
 * </pre>
 * <ul>
 *   <li>{@code reason}: {@code worker_failed} (a worker exited non-zero), {@code sidecar_failed}
 *   (a sidecar with restart policy {@code fail} exited non-zero), {@code bootstrap_failed} (the
 *   job could not start its workers: config, version, env from Cypress, binds, rendezvous),
 *   {@code terminated} (the job got SIGTERM, e.g. the operation was aborted).</li>
 *   <li>{@code node}: the job's node index (its job cookie), null when unknown.</li>
 *   <li>{@code rank}: the failed worker's global rank; {@code sidecar}: the failed sidecar's index;
 *   null otherwise.</li>
 *   <li>{@code exit_code}: the job's own exit code (the worker's code, 1 for a bootstrap failure,
 *   143 when terminated).</li>
 *   <li>{@code signal}: N when the code is 128+N (how a process killed by signal N is reported;
 *   a process may also exit with such a code by itself), else null.</li>
 *   <li>{@code message}: one human-readable sentence.</li>
 * </ul>
 * The JSON is on a single line; {@link #parse} reads it back and {@link #findLast} finds it in
 * a whole stderr.
 */
public record JobFailure(Reason reason, Optional<Integer> node, Optional<Integer> rank, Optional<Integer> sidecar,
                         int exitCode, String message) {
    /** What every failure line starts with. */
    public static final String PREFIX = "tractorun-failure: ";
    /** The job's exit code when the bootstrap itself fails. */
    public static final int BOOTSTRAP_EXIT_CODE = 1;

    public enum Reason {
        WORKER_FAILED("worker_failed"),
        SIDECAR_FAILED("sidecar_failed"),
        BOOTSTRAP_FAILED("bootstrap_failed"),
        TERMINATED("terminated");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Reason> fromWireName(String name) {
            return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
        }
    }

    public JobFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(rank, "rank");
        Objects.requireNonNull(sidecar, "sidecar");
        Objects.requireNonNull(message, "message");
        // One line, whatever the message: the launcher reads line by line.
        message = message.replace('\n', ' ').replace('\r', ' ');
    }

    public static JobFailure worker(int node, int rank, int exitCode) {
        return new JobFailure(Reason.WORKER_FAILED, Optional.of(node), Optional.of(rank), Optional.empty(), exitCode,
                "rank " + rank + " exited with code " + exitCode);
    }

    public static JobFailure sidecar(int node, int sidecar, int exitCode) {
        return new JobFailure(Reason.SIDECAR_FAILED, Optional.of(node), Optional.empty(), Optional.of(sidecar),
                exitCode, "sidecar " + sidecar + " exited with code " + exitCode + " (restart policy fail)");
    }

    public static JobFailure bootstrap(Optional<Integer> node, String message) {
        return new JobFailure(Reason.BOOTSTRAP_FAILED, node, Optional.empty(), Optional.empty(), BOOTSTRAP_EXIT_CODE,
                message);
    }

    public static JobFailure terminated(Optional<Integer> node, int exitCode) {
        return new JobFailure(Reason.TERMINATED, node, Optional.empty(), Optional.empty(), exitCode,
                "the job received SIGTERM and stopped its processes");
    }

    /** N when the exit code is 128+N for a plausible signal N. */
    public Optional<Integer> signal() {
        return exitCode > 128 && exitCode <= 128 + 64 ? Optional.of(exitCode - 128) : Optional.empty();
    }

    /** The line as written to stderr, without the line break. */
    public String toLine() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("reason", reason.wireName());
        putOptional(json, "node", node);
        putOptional(json, "rank", rank);
        putOptional(json, "sidecar", sidecar);
        json.put("exit_code", exitCode);
        putOptional(json, "signal", signal());
        json.put("message", message);
        // Through the streaming generator: a failing node reports at once, without starting an ObjectMapper.
        return PREFIX + Json.write(json);
    }

    /**
     * Reads a line written by {@link #toLine()}; empty for any other line. Only a line that starts
     * with {@link #PREFIX} counts, so a worker's output (always prefixed {@code [rank N]}) cannot
     * forge one.
     */
    public static Optional<JobFailure> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.read(line.substring(PREFIX.length()));
            Optional<Reason> reason = Reason.fromWireName(json.path("reason").asText());
            if (reason.isEmpty() || !json.path("exit_code").isInt()) {
                return Optional.empty();
            }
            return Optional.of(new JobFailure(reason.get(), optionalInt(json, "node"), optionalInt(json, "rank"),
                    optionalInt(json, "sidecar"), json.path("exit_code").asInt(), json.path("message").asText("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last failure line in a job's stderr (the bootstrap writes at most one). */
    public static Optional<JobFailure> findLast(String stderr) {
        List<String> lines = stderr.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Optional<JobFailure> failure = parse(lines.get(i));
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private static void putOptional(ObjectNode json, String name, Optional<Integer> value) {
        if (value.isPresent()) {
            json.put(name, value.get());
        } else {
            json.putNull(name);
        }
    }

    private static Optional<Integer> optionalInt(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value != null && value.isInt() ? Optional.of(value.asInt()) : Optional.empty();
    }
}
