package ai.tracto.tractorun.config;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.DockerAuthSecret;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.Resources;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.TractorunConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Merges the command line, the YAML file and the environment into one validated
 * {@link RunConfig}: CLI flag &gt; YAML file &gt; environment &gt; built-in default, per option.
 * Everything outside the process (environment, working directory, fresh ids) is passed in, so
 * the same inputs always give the same configuration.
 */
public final class ConfigLoader {
    /** Environment variables naming the Docker image, in order of preference. */
    public static final List<String> DOCKER_IMAGE_VARIABLES = List.of("YT_BASE_LAYER", "YT_JOB_DOCKER_IMAGE");

    /** YAML keys that only group options: {@code mesh:}, {@code resources:}, {@code docker_auth_secret:}. */
    private static final Set<String> SECTIONS = Set.of("mesh", "resources", "docker_auth_secret");

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Supplier<UUID> ids;

    /**
     * @param environment      the process environment (only the Docker image variables are read)
     * @param workingDirectory what relative local paths (binds, the YAML file) are relative to
     * @param ids              source of the id in the default {@code yt_path}
     */
    public ConfigLoader(Map<String, String> environment, Path workingDirectory, Supplier<UUID> ids) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** Reads, merges and validates; throws {@link TractorunConfigException} on the first bad input. */
    public LoadedConfig load(CliArguments cli) {
        Map<ConfigKey, Object> fromCli = cliLayer(cli);
        Map<ConfigKey, Object> fromYaml = cli.runConfigPath()
                .map(path -> yamlLayer(readYaml(path)))
                .orElseGet(() -> new EnumMap<>(ConfigKey.class));
        Map<ConfigKey, Object> fromEnv = environmentLayer();

        Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, ConfigSource> sources = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            if (fromCli.containsKey(key)) {
                values.put(key, fromCli.get(key));
                sources.put(key, ConfigSource.CLI);
            } else if (fromYaml.containsKey(key)) {
                values.put(key, fromYaml.get(key));
                sources.put(key, ConfigSource.YAML);
            } else if (fromEnv.containsKey(key)) {
                values.put(key, fromEnv.get(key));
                sources.put(key, ConfigSource.ENV);
            } else {
                sources.put(key, ConfigSource.DEFAULT);
            }
        }
        RunConfig config = build(values);
        checkLaunchable(config);
        return new LoadedConfig(config, sources);
    }

    /**
     * What a run needs besides well-formed values: a command, and a Docker image unless it runs on
     * the local cluster. Public so that configurations built in code are held to the same rules.
     */
    public static void checkLaunchable(RunConfig config) {
        if (config.command().isEmpty()) {
            throw new TractorunConfigException("command", "missing, expected the command to run after the"
                    + " options (tractorun [options] python3 main.py) or command: [...] in --run-config-path");
        }
        config.requireDockerImageForClusterRun();
    }

    private Map<ConfigKey, Object> cliLayer(CliArguments cli) {
        Map<ConfigKey, Object> layer = new EnumMap<>(ConfigKey.class);
        if (!cli.command().isEmpty()) {
            layer.put(ConfigKey.COMMAND, cli.command());
        }
        cli.values().forEach((key, texts) -> {
            if (key == ConfigKey.COMMAND) {
                throw new IllegalArgumentException("the command is passed as CliArguments.command");
            }
            Where where = Where.cli(key.cliName(), workingDirectory);
            if (key.repeated()) {
                List<Object> items = new ArrayList<>();
                for (String text : texts) {
                    items.add(key.converter().fromText(text, where));
                }
                layer.put(key, items);
            } else if (!texts.isEmpty()) {
                layer.put(key, key.converter().fromText(texts.get(texts.size() - 1), where));
            }
        });
        return layer;
    }

    private YamlDocument readYaml(String path) {
        if (path.isBlank()) {
            throw new TractorunConfigException(ConfigKeys.RUN_CONFIG_PATH, path, "a path to a YAML file");
        }
        return YamlDocument.read(Path.of(path), path, workingDirectory);
    }

    private Map<ConfigKey, Object> yamlLayer(YamlDocument document) {
        Map<ConfigKey, Object> layer = new EnumMap<>(ConfigKey.class);
        JsonNode root = document.root();
        if (!root.isObject()) {
            throw new TractorunConfigException(ConfigKeys.RUN_CONFIG_PATH + " " + document.file(),
                    "invalid value '" + Converters.show(root) + "', expected a mapping of option names to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (SECTIONS.contains(name)) {
                JsonNode section = entry.getValue();
                if (section.isNull()) {
                    continue;
                }
                if (!section.isObject()) {
                    throw Converters.invalid(document.where(name, workingDirectory), Converters.show(section),
                            "a mapping of " + childNames(name));
                }
                for (Iterator<Map.Entry<String, JsonNode>> children = section.fields(); children.hasNext(); ) {
                    Map.Entry<String, JsonNode> child = children.next();
                    readLeaf(document, name + "." + child.getKey(), child.getValue(), layer,
                            childNames(name));
                }
            } else {
                readLeaf(document, name, entry.getValue(), layer, topLevelNames());
            }
        }
        return layer;
    }

    private void readLeaf(YamlDocument document, String path, JsonNode node, Map<ConfigKey, Object> layer,
                          String expectedKeys) {
        Where where = document.where(path, workingDirectory);
        ConfigKey key = ConfigKey.byYamlPath(path).orElseThrow(() -> new TractorunConfigException(
                where.render(), "unknown key '" + path + "', expected one of: " + expectedKeys));
        if (node.isNull()) {
            return;   // "key:" with no value, or Python's None: keep the default
        }
        if (key == ConfigKey.COMMAND) {
            List<String> command = Converters.stringList(node, where);
            for (int i = 0; i < command.size(); i++) {
                Converters.nonEmpty(command.get(i), where.index(i));
            }
            layer.put(key, command);
        } else if (key.repeated()) {
            if (!node.isArray()) {
                throw Converters.invalid(where, Converters.show(node), "a list");
            }
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(key.converter().fromNode(node.get(i), where.index(i)));
            }
            layer.put(key, items);
        } else {
            layer.put(key, key.converter().fromNode(node, where));
        }
    }

    private static String topLevelNames() {
        return Arrays.stream(ConfigKey.values())
                .map(k -> k.yamlPath().contains(".") ? k.yamlPath().substring(0, k.yamlPath().indexOf('.'))
                        : k.yamlPath())
                .distinct().collect(Collectors.joining(", "));
    }

    private static String childNames(String section) {
        return Arrays.stream(ConfigKey.values())
                .map(ConfigKey::yamlPath)
                .filter(p -> p.startsWith(section + "."))
                .map(p -> p.substring(section.length() + 1))
                .collect(Collectors.joining(", "));
    }

    private Map<ConfigKey, Object> environmentLayer() {
        Map<ConfigKey, Object> layer = new EnumMap<>(ConfigKey.class);
        DOCKER_IMAGE_VARIABLES.stream()
                .map(environment::get)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .ifPresent(image -> layer.put(ConfigKey.DOCKER_IMAGE, image));
        return layer;
    }

    @SuppressWarnings("unchecked")
    private RunConfig build(Map<ConfigKey, Object> values) {
        String ytPath = (String) values.getOrDefault(ConfigKey.YT_PATH, RunConfig.defaultYtPath(ids.get()));
        Mesh.Builder mesh = Mesh.builder();
        ifSet(values, ConfigKey.MESH_NODE_COUNT, (Integer v) -> mesh.nodeCount(v));
        ifSet(values, ConfigKey.MESH_PROCESS_PER_NODE, (Integer v) -> mesh.processPerNode(v));
        ifSet(values, ConfigKey.MESH_GPU_PER_PROCESS, (Integer v) -> mesh.gpuPerProcess(v));
        ifSet(values, ConfigKey.MESH_POOL_TREES, (List<String> v) -> mesh.poolTrees(v));
        ifSet(values, ConfigKey.MESH_POOL, (String v) -> mesh.pool(v));
        Resources.Builder resources = Resources.builder();
        ifSet(values, ConfigKey.RESOURCES_CPU_LIMIT, (Double v) -> resources.cpuLimit(v));
        ifSet(values, ConfigKey.RESOURCES_MEMORY_LIMIT, (Long v) -> resources.memoryLimit(v));

        RunConfig.Builder builder = RunConfig.builder()
                .ytPath(ytPath)
                .title((String) values.getOrDefault(ConfigKey.TITLE, RunConfig.defaultTitle(ytPath)))
                .mesh(mesh.build())
                .resources(resources.build());
        ifSet(values, ConfigKey.COMMAND, (List<String> v) -> builder.command(v));
        ifSet(values, ConfigKey.DOCKER_IMAGE, (String v) -> builder.dockerImage(v));
        ifSet(values, ConfigKey.ENV, (List<EnvVariable> v) -> builder.env(v));
        ifSet(values, ConfigKey.USER_CONFIG, (JsonNode v) -> builder.userConfig(v));
        ifSet(values, ConfigKey.BIND_LOCAL, (List<BindLocal> v) -> builder.bindLocal(v));
        ifSet(values, ConfigKey.BIND_LOCAL_LIB, (List<String> v) -> builder.bindLocalLib(v));
        ifSet(values, ConfigKey.BIND_CYPRESS, (List<BindCypress> v) -> builder.bindCypress(v));
        ifSet(values, ConfigKey.SIDECARS, (List<Sidecar> v) -> builder.sidecars(v));
        ifSet(values, ConfigKey.PROXY_STDERR_MODE, (StderrMode v) -> builder.proxyStderrMode(v));
        ifSet(values, ConfigKey.OPERATION_LOG_MODE, (OperationLogMode v) -> builder.operationLogMode(v));
        ifSet(values, ConfigKey.NO_WAIT, (Boolean v) -> builder.noWait(v));
        ifSet(values, ConfigKey.DRY_RUN, (Boolean v) -> builder.dryRun(v));
        ifSet(values, ConfigKey.DOCKER_AUTH_SECRET_CYPRESS_PATH,
                (String v) -> builder.dockerAuthSecret(new DockerAuthSecret(v)));
        ifSet(values, ConfigKey.CLUSTER_CONFIG_PATH, (String v) -> builder.clusterConfigPath(v));
        ifSet(values, ConfigKey.YT_OPERATION_SPEC, (ObjectNode v) -> builder.ytOperationSpec(v));
        ifSet(values, ConfigKey.YT_TASK_SPEC, (ObjectNode v) -> builder.ytTaskSpec(v));
        ifSet(values, ConfigKey.LOCAL, (Boolean v) -> builder.local(v));
        ifSet(values, ConfigKey.BACKEND, (Backend v) -> builder.backend(v));
        return builder.build();
    }

    private interface Setter<T> {
        void set(T value);
    }

    @SuppressWarnings("unchecked")
    private static <T> void ifSet(Map<ConfigKey, Object> values, ConfigKey key, Setter<T> setter) {
        Optional.ofNullable(values.get(key)).ifPresent(v -> setter.set((T) v));
    }
}
