package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.job.JobFailure;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a gang failed, in a few lines: the first job to fail, its node, the rank that failed on it
 * (from the bootstrap's {@link JobFailure} line), the exit code or signal, and the last lines of
 * its stderr. The exit code becomes tractorun's own, so scripts see the worker's code.
 */
record FailureSummary(int exitCode, List<String> lines) {
    static final int TAIL_LINES = 20;

    static FailureSummary of(YtClient client, String operationId, JsonNode operation, int processPerNode) {
        List<String> lines = new ArrayList<>();
        List<JsonNode> failedJobs = failedJobs(client, operationId);
        if (failedJobs.isEmpty()) {
            lines.add("tractorun: operation " + operationId + " failed: "
                    + describe(operation.path("result").path("error")));
            return new FailureSummary(1, lines);
        }
        // The culprit is the first job that failed for a reason of its own, not because it was terminated.
        JsonNode job = failedJobs.get(0);
        List<String> stderr = stderrLines(client, operationId, job.path("id").asText());
        Optional<JobFailure> failure = JobFailure.findLast(String.join("\n", stderr));
        for (JsonNode candidate : failedJobs) {
            List<String> candidateStderr = candidate == job ? stderr
                    : stderrLines(client, operationId, candidate.path("id").asText());
            Optional<JobFailure> candidateFailure = JobFailure.findLast(String.join("\n", candidateStderr));
            if (candidateFailure.filter(f -> f.reason() != JobFailure.Reason.TERMINATED).isPresent()) {
                job = candidate;
                stderr = candidateStderr;
                failure = candidateFailure;
                break;
            }
        }
        int node = job.path("job_cookie").asInt(-1);
        JsonNode error = job.path("error");
        OptionalInt signal = findInt(error, "signal");
        OptionalInt exit = findInt(error, "exit_code");
        String who = failure.flatMap(FailureSummary::culprit).orElseGet(() -> node >= 0
                ? "ranks " + node * processPerNode + ".." + ((node + 1) * processPerNode - 1) : "a job");
        int code = failure.map(JobFailure::exitCode).filter(c -> c != 0)
                .orElse(signal.isPresent() ? 128 + signal.getAsInt() : exit.orElse(1));
        Optional<Integer> failedSignal = failure.flatMap(JobFailure::signal)
                .or(() -> signal.isPresent() ? Optional.of(signal.getAsInt()) : Optional.empty());
        String how = failedSignal.map(n -> "killed by signal " + n + " (exit code " + (128 + n) + ")")
                .orElse("exit code " + code);
        lines.add("tractorun: the gang failed: " + who + " on node " + node + " (" + job.path("address").asText("?")
                + ", job " + job.path("id").asText() + ") failed first: " + how
                + failure.map(f -> " - " + f.message()).orElse(""));
        List<String> output = stderr.stream().filter(line -> !line.startsWith(JobFailure.PREFIX)).toList();
        int tailFrom = Math.max(0, output.size() - TAIL_LINES);
        if (!output.isEmpty()) {
            lines.add("tractorun: last " + (output.size() - tailFrom) + " lines of node " + node + "'s output:");
            output.subList(tailFrom, output.size()).forEach(line -> lines.add("  " + line));
        }
        return new FailureSummary(code == 0 ? 1 : code, lines);
    }

    private static Optional<String> culprit(JobFailure failure) {
        return failure.rank().map(rank -> "rank " + rank)
                .or(() -> failure.sidecar().map(index -> "sidecar " + index))
                .or(() -> failure.reason() == JobFailure.Reason.BOOTSTRAP_FAILED
                        ? Optional.of("the bootstrap") : Optional.empty());
    }

    private static List<JsonNode> failedJobs(YtClient client, String operationId) {
        List<JsonNode> failed = new ArrayList<>();
        for (JsonNode job : client.listJobs(operationId).path("jobs")) {
            if ("failed".equals(job.path("state").asText())) {
                failed.add(job);
            }
        }
        failed.sort(Comparator.comparing(job -> job.path("finish_time").asText("~")));
        return failed;
    }

    private static List<String> stderrLines(YtClient client, String operationId, String jobId) {
        try (InputStream in = client.getJobStderr(operationId, jobId)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        } catch (IOException | RuntimeException e) {
            return List.of("(stderr unavailable: " + e.getMessage() + ")");
        }
    }

    /** The first integer attribute {@code name} in an error tree. */
    static OptionalInt findInt(JsonNode error, String name) {
        JsonNode value = error.path("attributes").path(name);
        if (value.canConvertToInt()) {
            return OptionalInt.of(value.asInt());
        }
        for (JsonNode inner : error.path("inner_errors")) {
            OptionalInt found = findInt(inner, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return OptionalInt.empty();
    }

    /** An error tree as {@code message: inner message: ...}. */
    static String describe(JsonNode error) {
        if (error.isMissingNode() || error.isNull()) {
            return "no error recorded";
        }
        StringBuilder text = new StringBuilder(error.path("message").asText("unknown error"));
        JsonNode inner = error.path("inner_errors");
        while (inner.isArray() && !inner.isEmpty()) {
            text.append(": ").append(inner.get(0).path("message").asText());
            inner = inner.get(0).path("inner_errors");
        }
        return text.toString();
    }
}
