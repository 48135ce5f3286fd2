package ai.tracto.tractorun.config;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.StderrMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every option of a run, with its YAML key path, its flag, how its value is read, and how its
 * effective value is shown in the dry-run report. The one table the CLI, the YAML reader, the
 * merge and the report all work from, so an option cannot be half added.
 */
public enum ConfigKey {
    COMMAND("command", "command", true, null, c -> strings(c.command())),
    YT_PATH("yt_path", "--yt-path", false, Converters.CYPRESS_PATH, c -> text(c.ytPath())),
    DOCKER_IMAGE("docker_image", "--docker-image", false, Converters.NON_EMPTY_STRING,
            c -> c.dockerImage().map(ConfigKey::text).orElse(nul())),
    TITLE("title", "--title", false, Converters.NON_EMPTY_STRING, c -> text(c.title())),
    MESH_NODE_COUNT("mesh.node_count", "--mesh.node-count", false, Converters.POSITIVE_INT,
            c -> number(c.mesh().nodeCount())),
    MESH_PROCESS_PER_NODE("mesh.process_per_node", "--mesh.process-per-node", false, Converters.POSITIVE_INT,
            c -> number(c.mesh().processPerNode())),
    MESH_GPU_PER_PROCESS("mesh.gpu_per_process", "--mesh.gpu-per-process", false, Converters.NON_NEGATIVE_INT,
            c -> number(c.mesh().gpuPerProcess())),
    MESH_POOL_TREES("mesh.pool_trees", "--mesh.pool-trees", true, Converters.NON_EMPTY_STRING,
            c -> strings(c.mesh().poolTrees())),
    MESH_POOL("mesh.pool", "--mesh.pool", false, Converters.NON_EMPTY_STRING,
            c -> c.mesh().pool().map(ConfigKey::text).orElse(nul())),
    ENV("env", "--env", true, Converters.ENV_VARIABLE, c -> list(c.env(), ConfigKey::env)),
    RESOURCES_CPU_LIMIT("resources.cpu_limit", "--resources.cpu-limit", false, Converters.CPU_CORES,
            c -> c.resources().cpuLimit().<JsonNode>map(JsonNodeFactory.instance::numberNode).orElse(nul())),
    RESOURCES_MEMORY_LIMIT("resources.memory_limit", "--resources.memory-limit", false, Converters.MEMORY_BYTES,
            c -> c.resources().memoryLimit().<JsonNode>map(JsonNodeFactory.instance::numberNode).orElse(nul())),
    USER_CONFIG("user_config", "--user-config", false, Converters.ANY_JSON, c -> c.userConfig().orElse(nul())),
    BIND_LOCAL("bind_local", "--bind-local", true, Converters.BIND_LOCAL, c -> list(c.bindLocal(), ConfigKey::bind)),
    BIND_LOCAL_LIB("bind_local_lib", "--bind-local-lib", true, Converters.LOCAL_LIBRARY,
            c -> strings(c.bindLocalLib())),
    BIND_CYPRESS("bind_cypress", "--bind-cypress", true, Converters.BIND_CYPRESS,
            c -> list(c.bindCypress(), ConfigKey::bind)),
    SIDECARS("sidecars", "--sidecar", true, Converters.SIDECAR, c -> list(c.sidecars(), ConfigKey::sidecar)),
    PROXY_STDERR_MODE("proxy_stderr_mode", "--proxy-stderr-mode", false,
            Converters.enumeration(StderrMode.values(), StderrMode::wireName, StderrMode::fromWireName),
            c -> text(c.proxyStderrMode().wireName())),
    OPERATION_LOG_MODE("operation_log_mode", "--operation-log-mode", false,
            Converters.enumeration(OperationLogMode.values(), OperationLogMode::wireName,
                    OperationLogMode::fromWireName),
            c -> text(c.operationLogMode().wireName())),
    NO_WAIT("no_wait", "--no-wait", false, Converters.BOOLEAN, c -> bool(c.noWait())),
    DRY_RUN("dry_run", "--dry-run", false, Converters.BOOLEAN, c -> bool(c.dryRun())),
    DOCKER_AUTH_SECRET_CYPRESS_PATH("docker_auth_secret.cypress_path", "--docker-auth-secret.cypress-path", false,
            Converters.CYPRESS_PATH, c -> c.dockerAuthSecret().map(s -> text(s.cypressPath())).orElse(nul())),
    CLUSTER_CONFIG_PATH("cluster_config_path", "--cluster-config-path", false, Converters.CYPRESS_PATH,
            c -> text(c.clusterConfigPath())),
    YT_OPERATION_SPEC("yt_operation_spec", "--yt-operation-spec", false, Converters.JSON_OBJECT,
            c -> c.ytOperationSpec().<JsonNode>map(s -> s).orElse(nul())),
    YT_TASK_SPEC("yt_task_spec", "--yt-task-spec", false, Converters.JSON_OBJECT,
            c -> c.ytTaskSpec().<JsonNode>map(s -> s).orElse(nul())),
    LOCAL("local", "--local", false, Converters.BOOLEAN, c -> bool(c.local())),
    BACKEND("backend", "--backend", false,
            Converters.enumeration(Backend.values(), Backend::wireName, Backend::fromWireName),
            c -> text(c.backend().wireName()));

    private final String yamlPath;
    private final String cliName;
    private final boolean repeated;
    private final Converter<?> converter;
    private final Function<RunConfig, JsonNode> describe;

    ConfigKey(String yamlPath, String cliName, boolean repeated, Converter<?> converter,
              Function<RunConfig, JsonNode> describe) {
        this.yamlPath = yamlPath;
        this.cliName = cliName;
        this.repeated = repeated;
        this.converter = converter;
        this.describe = describe;
    }

    /** The key path in the YAML file, e.g. {@code mesh.node_count}; also the name in the dry-run report. */
    public String yamlPath() {
        return yamlPath;
    }

    /** The flag, e.g. {@code --mesh.node-count}; {@code command} for the positional command. */
    public String cliName() {
        return cliName;
    }

    /** Whether the flag may be given several times and the YAML value is a list. */
    public boolean repeated() {
        return repeated;
    }

    /** The effective value as JSON, in the YAML file's shape. */
    public JsonNode describe(RunConfig config) {
        return describe.apply(config);
    }

    public static Optional<ConfigKey> byYamlPath(String path) {
        return Arrays.stream(values()).filter(k -> k.yamlPath.equals(path)).findFirst();
    }

    Converter<?> converter() {
        return converter;
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }

    private static JsonNode number(int value) {
        return JsonNodeFactory.instance.numberNode(value);
    }

    private static JsonNode bool(boolean value) {
        return JsonNodeFactory.instance.booleanNode(value);
    }

    private static JsonNode nul() {
        return JsonNodeFactory.instance.nullNode();
    }

    private static JsonNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static <T> JsonNode list(List<T> values, Function<T, JsonNode> item) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(v -> array.add(item.apply(v)));
        return array;
    }

    private static JsonNode env(EnvVariable variable) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", variable.name());
        variable.value().ifPresent(v -> node.put("value", v));
        variable.cypressPath().ifPresent(p -> node.put("cypress_path", p));
        return node;
    }

    private static JsonNode bind(BindLocal bind) {
        return JsonNodeFactory.instance.objectNode().put("source", bind.source()).put("destination", bind.destination());
    }

    private static JsonNode bind(BindCypress bind) {
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("source", bind.source()).put("destination", bind.destination());
        ObjectNode attributes = node.putObject("attributes").put("executable", bind.attributes().executable());
        attributes.set("format", bind.attributes().format().map(ConfigKey::text).orElse(nul()));
        attributes.put("bypass_artifact_cache", bind.attributes().bypassArtifactCache());
        return node;
    }

    private static JsonNode sidecar(Sidecar sidecar) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("command", strings(sidecar.command()));
        node.put("restart_policy", sidecar.restartPolicy().wireName());
        return node;
    }
}
