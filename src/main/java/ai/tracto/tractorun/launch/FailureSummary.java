package ai.tracto.tractorun.launch;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a gang failed, in a few lines: the first job to fail, its node, the rank that failed on it
 * (the supervisor logs {@code rank N exited with code C}), the exit code or signal, and the last
 * lines of its stderr. The exit code becomes tractorun's own, so scripts see the worker's code.
 */
record FailureSummary(int exitCode, List<String> lines) {
    static final int TAIL_LINES = 20;
    private static final Pattern RANK_EXIT = Pattern.compile("\\b(rank \\d+|sidecar \\d+) exited with code (\\d+)");

    static FailureSummary of(YtClient client, String operationId, JsonNode operation, int processPerNode) {
        List<String> lines = new ArrayList<>();
        Optional<JsonNode> failedJob = firstFailedJob(client, operationId);
        if (failedJob.isEmpty()) {
            lines.add("operation " + operationId + " failed: " + describe(operation.path("result").path("error")));
            return new FailureSummary(1, lines);
        }
        JsonNode job = failedJob.get();
        int node = job.path("job_cookie").asInt(-1);
        JsonNode error = job.path("error");
        OptionalInt signal = findInt(error, "signal");
        OptionalInt exit = findInt(error, "exit_code");
        List<String> stderr = stderrLines(client, operationId, job.path("id").asText());
        Optional<String> failedSource = Optional.empty();
        for (String line : stderr) {
            Matcher m = RANK_EXIT.matcher(line);
            if (m.find()) {
                failedSource = Optional.of(m.group(1));
                break;
            }
        }
        String who = failedSource.orElseGet(() -> node >= 0
                ? "ranks " + node * processPerNode + ".." + ((node + 1) * processPerNode - 1) : "a job");
        String how = signal.isPresent() ? "killed by signal " + signal.getAsInt()
                : exit.isPresent() ? "exit code " + exit.getAsInt() : describe(error);
        lines.add("tractorun: the gang failed: " + who + " on node " + node + " (" + job.path("address").asText("?")
                + ", job " + job.path("id").asText() + ") failed first: " + how);
        int tailFrom = Math.max(0, stderr.size() - TAIL_LINES);
        if (!stderr.isEmpty()) {
            lines.add("tractorun: last " + (stderr.size() - tailFrom) + " lines of node " + node + "'s output:");
            stderr.subList(tailFrom, stderr.size()).forEach(line -> lines.add("  " + line));
        }
        int code = signal.isPresent() ? 128 + signal.getAsInt() : exit.orElse(1);
        return new FailureSummary(code == 0 ? 1 : code, lines);
    }

    private static Optional<JsonNode> firstFailedJob(YtClient client, String operationId) {
        List<JsonNode> failed = new ArrayList<>();
        for (JsonNode job : client.listJobs(operationId).path("jobs")) {
            if ("failed".equals(job.path("state").asText())) {
                failed.add(job);
            }
        }
        return failed.stream().min(Comparator.comparing(job -> job.path("finish_time").asText("~")));
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
