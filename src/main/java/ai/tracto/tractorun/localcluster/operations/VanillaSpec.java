package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A vanilla operation spec, validated the way the YTsaurus scheduler validates it: a spec the
 * real scheduler would reject is rejected here with a message naming the key and the value, and
 * a key this cluster does not know is rejected rather than silently ignored.
 */
record VanillaSpec(
        List<TaskSpec> tasks,
        int maxFailedJobCount,
        boolean failOnJobRestart,
        Optional<Duration> timeLimit,
        ObjectNode secureVault,
        ObjectNode annotations,
        List<String> unenforcedOptions) {

    static final long DEFAULT_MAX_STDERR_SIZE = 5L * 1024 * 1024;
    private static final int DEFAULT_MAX_FAILED_JOB_COUNT = 10;
    private static final int MAX_PORT_COUNT = 50;
    private static final int MAX_STDERR_COUNT_LIMIT = 150;

    /** Keys that change nothing a local run can observe, or that are honoured below. */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "tasks", "pool", "pool_trees", "max_failed_job_count", "max_stderr_count", "secure_vault",
            "title", "annotations", "description", "started_by", "fail_on_job_restart", "time_limit",
            "acl", "is_gang", "weight", "scheduling_options_per_pool_tree", "scheduling_tag_filter",
            "tentative_pool_trees", "resource_limits", "owners", "alias", "stderr_table_path",
            "core_table_path", "job_cpu_monitor", "suspend_operation_if_account_limit_exceeded",
            "enable_partitioned_data_balancing", "max_speculative_job_count_per_task",
            "try_avoid_duplicating_jobs", "sanity_check_delay", "job_node_account");
    private static final Set<String> TASK_KEYS = Set.of(
            "command", "job_count", "file_paths", "environment", "cpu_limit", "gpu_limit",
            "memory_limit", "port_count", "docker_image", "layer_paths", "max_stderr_size",
            "job_time_limit", "restart_completed_jobs", "redirect_stdout_to_stderr",
            "memory_reserve_factor", "user_job_memory_digest_default_value", "tmpfs_path", "tmpfs_size",
            "copy_files", "enable_porto", "network_project", "use_yamr_descriptors",
            "check_input_fully_consumed", "interruption_signal", "signal_root_process_only",
            "job_speculation_timeout", "enable_rpc_proxy_in_job_proxy", "cuda_toolkit_version");
    private static final Set<String> FILE_ATTRIBUTES = Set.of(
            "file_name", "executable", "format", "bypass_artifact_cache");
    /** Options a local run accepts but cannot honour: reported once per operation. */
    private static final List<String> UNENFORCED_TOP_LEVEL = List.of("pool", "pool_trees");
    private static final List<String> UNENFORCED_TASK = List.of(
            "docker_image", "gpu_limit", "cpu_limit", "memory_limit", "layer_paths", "job_time_limit");

    static VanillaSpec parse(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            throw invalid("Operation spec must be a map, got " + describe(spec));
        }
        checkKnownKeys(spec, TOP_LEVEL_KEYS, "spec");
        Set<String> unenforced = new LinkedHashSet<>();
        for (String key : UNENFORCED_TOP_LEVEL) {
            if (spec.has(key)) {
                unenforced.add(key);
            }
        }
        JsonNode tasksNode = spec.get("tasks");
        if (tasksNode == null) {
            throw invalid("Missing required parameter \"/tasks\" in vanilla operation spec");
        }
        if (!tasksNode.isObject() || tasksNode.isEmpty()) {
            throw invalid("\"/tasks\" must be a non-empty map of task name to task spec, got " + describe(tasksNode));
        }
        List<TaskSpec> tasks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tasksNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tasks.add(parseTask(entry.getKey(), entry.getValue(), unenforced));
        }
        int maxStderrCount = intValue(spec, "max_stderr_count", "/max_stderr_count", 10);
        if (maxStderrCount < 0 || maxStderrCount > MAX_STDERR_COUNT_LIMIT) {
            throw invalid("\"/max_stderr_count\" must be in range [0, " + MAX_STDERR_COUNT_LIMIT + "], got " + maxStderrCount);
        }
        int maxFailed = intValue(spec, "max_failed_job_count", "/max_failed_job_count", DEFAULT_MAX_FAILED_JOB_COUNT);
        if (maxFailed < 0) {
            throw invalid("\"/max_failed_job_count\" must be non-negative, got " + maxFailed);
        }
        boolean failOnRestart = boolValue(spec, "fail_on_job_restart", "/fail_on_job_restart", false);
        boolValue(spec, "is_gang", "/is_gang", false);
        long timeLimitMs = longValue(spec, "time_limit", "/time_limit", -1);
        if (spec.has("time_limit") && timeLimitMs < 0) {
            throw invalid("\"/time_limit\" must be a non-negative number of milliseconds, got " + timeLimitMs);
        }
        JsonNode vault = spec.get("secure_vault");
        if (vault != null && !vault.isObject()) {
            throw invalid("\"/secure_vault\" must be a map, got " + describe(vault));
        }
        JsonNode annotations = spec.get("annotations");
        if (annotations != null && !annotations.isObject()) {
            throw invalid("\"/annotations\" must be a map, got " + describe(annotations));
        }
        return new VanillaSpec(
                List.copyOf(tasks),
                maxFailed,
                failOnRestart,
                timeLimitMs < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(timeLimitMs)),
                vault == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) vault).deepCopy(),
                annotations == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) annotations).deepCopy(),
                List.copyOf(unenforced));
    }

    int totalJobCount() {
        return tasks.stream().mapToInt(TaskSpec::jobCount).sum();
    }

    private static TaskSpec parseTask(String name, JsonNode task, Set<String> unenforced) {
        String where = "/tasks/" + name;
        if (!task.isObject()) {
            throw invalid("\"" + where + "\" must be a map, got " + describe(task));
        }
        checkKnownKeys(task, TASK_KEYS, where);
        for (String key : UNENFORCED_TASK) {
            if (task.has(key)) {
                unenforced.add(key);
            }
        }
        JsonNode command = task.get("command");
        if (command == null) {
            throw invalid("Missing required parameter \"" + where + "/command\"");
        }
        if (!command.isTextual()) {
            throw invalid("\"" + where + "/command\" must be a string, got " + describe(command));
        }
        if (!task.has("job_count")) {
            throw invalid("Missing required parameter \"" + where + "/job_count\"");
        }
        int jobCount = intValue(task, "job_count", where + "/job_count", 0);
        if (jobCount < 1) {
            throw invalid("\"" + where + "/job_count\" must be at least 1, got " + jobCount);
        }
        int portCount = intValue(task, "port_count", where + "/port_count", 0);
        if (portCount < 0 || portCount > MAX_PORT_COUNT) {
            throw invalid("\"" + where + "/port_count\" must be in range [0, " + MAX_PORT_COUNT + "], got " + portCount);
        }
        long maxStderrSize = longValue(task, "max_stderr_size", where + "/max_stderr_size", DEFAULT_MAX_STDERR_SIZE);
        if (maxStderrSize < 1) {
            throw invalid("\"" + where + "/max_stderr_size\" must be positive, got " + maxStderrSize);
        }
        boolean redirect = boolValue(task, "redirect_stdout_to_stderr", where + "/redirect_stdout_to_stderr", false);
        return new TaskSpec(name, command.asText(), jobCount, parseFiles(task.get("file_paths"), where),
                parseEnvironment(task.get("environment"), where), portCount, maxStderrSize, redirect);
    }

    private static List<FileArtifact> parseFiles(JsonNode files, String where) {
        if (files == null) {
            return List.of();
        }
        if (!files.isArray()) {
            throw invalid("\"" + where + "/file_paths\" must be a list, got " + describe(files));
        }
        List<FileArtifact> result = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < files.size(); i++) {
            FileArtifact file = parseFile(files.get(i), where + "/file_paths/" + i);
            if (!names.add(file.fileName())) {
                throw invalid("Duplicate file name \"" + file.fileName() + "\" in \"" + where + "/file_paths\"");
            }
            result.add(file);
        }
        return result;
    }

    private static FileArtifact parseFile(JsonNode entry, String where) {
        String path;
        JsonNode attributes = JsonNodeFactory.instance.objectNode();
        if (entry.isTextual()) {
            path = entry.asText();
        } else if (entry.isObject() && entry.path("$value").isTextual()) {
            path = entry.get("$value").asText();
            checkKnownKeys(entry, Set.of("$value", "$attributes"), where);
            if (entry.has("$attributes")) {
                attributes = entry.get("$attributes");
                if (!attributes.isObject()) {
                    throw invalid("\"" + where + "/$attributes\" must be a map, got " + describe(attributes));
                }
                checkKnownKeys(attributes, FILE_ATTRIBUTES, where + "/@");
            }
        } else {
            throw invalid("\"" + where + "\" must be a YPath string or {\"$value\": path, \"$attributes\": {...}}, got "
                    + describe(entry));
        }
        if (!path.startsWith("/") && !path.startsWith("#")) {
            throw invalid("\"" + where + "\" is not an absolute YPath: " + path);
        }
        String fileName = basename(path);
        JsonNode name = attributes.get("file_name");
        if (name != null) {
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw invalid("\"" + where + "/@file_name\" must be a non-empty string, got " + describe(name));
            }
            fileName = name.asText();
        }
        if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..") || fileName.contains("/")) {
            throw invalid("\"" + where + "\" gives an invalid sandbox file name \"" + fileName + "\"");
        }
        boolean executable = boolValue(attributes, "executable", where + "/@executable", false);
        return new FileArtifact(path, fileName, executable);
    }

    private static Map<String, String> parseEnvironment(JsonNode environment, String where) {
        if (environment == null) {
            return Map.of();
        }
        if (!environment.isObject()) {
            throw invalid("\"" + where + "/environment\" must be a map of strings, got " + describe(environment));
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = environment.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw invalid("\"" + where + "/environment/" + entry.getKey() + "\" must be a string, got "
                        + describe(entry.getValue()));
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    private static void checkKnownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw invalid("Unsupported key \"" + key + "\" in \"" + where
                        + "\": the embedded cluster does not implement it and will not ignore it silently");
            }
        }
    }

    private static int intValue(JsonNode node, String key, String where, int defaultValue) {
        long value = longValue(node, key, where, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid("\"" + where + "\" is out of range: " + value);
        }
        return (int) value;
    }

    private static long longValue(JsonNode node, String key, String where, long defaultValue) {
        JsonNode value = node.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber()) {
            throw invalid("\"" + where + "\" must be an integer, got " + describe(value));
        }
        return value.asLong();
    }

    private static boolean boolValue(JsonNode node, String key, String where, boolean defaultValue) {
        JsonNode value = node.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw invalid("\"" + where + "\" must be a boolean, got " + describe(value));
        }
        return value.asBoolean();
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.toString();
    }

    private static ServerError invalid(String message) {
        return new ServerError(ErrorCodes.GENERIC, "Error parsing operation spec: " + message);
    }
}
