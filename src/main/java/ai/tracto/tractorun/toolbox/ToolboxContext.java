package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.job.WorkerEnvironment;
import ai.tracto.tractorun.Coordinator;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.yt.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a worker knows about its run: the JSON file named by {@code TRACTORUN_CONTEXT}
 * ({@code coordinator}, {@code mesh}, {@code yt_path}, {@code user_config}, and, when the
 * bootstrap writes them, {@code operation_id}, {@code job_id}, {@code cluster_config}), with the
 * operation and job ids and the Cypress link template taken from the worker's environment when
 * the file lacks them.
 */
public record ToolboxContext(Coordinator coordinator, Mesh mesh, String ytPath, JsonNode userConfig,
                             Optional<String> operationId, Optional<String> jobId,
                             Optional<String> cypressLinkTemplate) {
    /** The variable naming the context file. */
    public static final String CONTEXT_VARIABLE = WorkerEnvironment.TRACTORUN_CONTEXT;
    /** Set by the bootstrap when the cluster config has a {@code cypress_link_template}. */
    public static final String CYPRESS_LINK_TEMPLATE_VARIABLE = "TRACTORUN_CYPRESS_LINK_TEMPLATE";

    public ToolboxContext {
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(ytPath, "ytPath");
        userConfig = userConfig == null ? JsonNodeFactory.instance.nullNode() : userConfig.deepCopy();
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(cypressLinkTemplate, "cypressLinkTemplate");
    }

    @Override
    public JsonNode userConfig() {
        return userConfig.deepCopy();
    }

    /** Reads the file named by {@code TRACTORUN_CONTEXT} in {@code env}. */
    public static ToolboxContext fromEnvironment(Map<String, String> env) {
        String file = env.get(CONTEXT_VARIABLE);
        if (file == null || file.isEmpty()) {
            throw new IllegalStateException(CONTEXT_VARIABLE + " is not set: the toolbox is only available in a"
                    + " worker started by tractorun");
        }
        JsonNode json;
        try {
            json = Json.read(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the toolbox context " + file + " (" + CONTEXT_VARIABLE
                    + "): " + e.getMessage(), e);
        }
        try {
            return fromJson(json, env);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("toolbox context " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds the context from its JSON form; {@code env} supplies {@code YT_OPERATION_ID} and {@code YT_JOB_ID}. */
    public static ToolboxContext fromJson(JsonNode json, Map<String, String> env) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the toolbox context must be a JSON object");
        }
        Coordinator coordinator = Coordinator.fromJson(json.path("coordinator"));
        JsonNode meshNode = json.path("mesh");
        Mesh mesh = new Mesh(intOf(meshNode, "node_count"), intOf(meshNode, "process_per_node"),
                meshNode.path("gpu_per_process").asInt(0), List.of(), Optional.empty());
        JsonNode ytPath = json.path("yt_path");
        if (!ytPath.isTextual()) {
            throw new IllegalArgumentException("yt_path must be a string, got " + ytPath);
        }
        Optional<String> template = Optional.of(json.path("cluster_config").path("cypress_link_template"))
                .filter(JsonNode::isTextual).map(JsonNode::textValue)
                .or(() -> Optional.ofNullable(env.get(CYPRESS_LINK_TEMPLATE_VARIABLE)));
        return new ToolboxContext(coordinator, mesh, ytPath.textValue(), json.path("user_config").isMissingNode()
                ? null : json.get("user_config"),
                text(json, "operation_id").or(() -> Optional.ofNullable(env.get("YT_OPERATION_ID"))),
                text(json, "job_id").or(() -> Optional.ofNullable(env.get("YT_JOB_ID"))),
                template);
    }

    private static int intOf(JsonNode node, String key) {
        JsonNode value = node.path(key);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("mesh." + key + " must be an integer, got " + value);
        }
        return value.intValue();
    }

    private static Optional<String> text(JsonNode json, String key) {
        return Optional.of(json.path(key)).filter(JsonNode::isTextual).map(JsonNode::textValue);
    }
}
