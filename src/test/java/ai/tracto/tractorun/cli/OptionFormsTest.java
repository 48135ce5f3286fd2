package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.BindAttributes;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.DockerAuthSecret;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.Resources;
import ai.tracto.tractorun.RestartPolicy;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.config.ConfigKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every option written as flags, as YAML and through the Java builder gives the same RunConfig. */
class OptionFormsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMMAND = List.of("python3", "main.py", "--lr", "0.1");

    @TempDir
    Path dir;

    private CliHarness cli;

    /** One option in its three spellings; the YAML snippet is added to a file that holds the command. */
    record Form(String name, Set<ConfigKey> covers, List<String> flags, String yaml, UnaryOperator<RunConfig.Builder> java) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("local_path"));
        Files.createDirectories(dir.resolve("lib/mylib"));
        cli = new CliHarness(Map.of("YT_BASE_LAYER", "base-image"), dir);
    }

    static Stream<Form> forms() {
        return Stream.of(
                form("command (with its own flags)", keys(ConfigKey.COMMAND), List.of(), "", b -> b),
                form("yt-path", keys(ConfigKey.YT_PATH), List.of("--yt-path", "//tmp/path"),
                        "yt_path: //tmp/path", b -> b.ytPath("//tmp/path")),
                form("docker-image", keys(ConfigKey.DOCKER_IMAGE), List.of("--docker-image", "my-docker-image"),
                        "docker_image: my-docker-image", b -> b.dockerImage("my-docker-image")),
                form("title", keys(ConfigKey.TITLE), List.of("--title", "Operation Title"),
                        "title: \"Operation Title\"", b -> b.title("Operation Title")),
                form("mesh.node-count", keys(ConfigKey.MESH_NODE_COUNT), List.of("--mesh.node-count", "3"),
                        "mesh:\n  node_count: 3", b -> b.mesh(Mesh.builder().nodeCount(3).build())),
                form("mesh.process-per-node", keys(ConfigKey.MESH_PROCESS_PER_NODE),
                        List.of("--mesh.process-per-node", "2"), "mesh:\n  process_per_node: 2",
                        b -> b.mesh(Mesh.builder().processPerNode(2).build())),
                form("mesh.gpu-per-process", keys(ConfigKey.MESH_GPU_PER_PROCESS),
                        List.of("--mesh.gpu-per-process", "1"), "mesh:\n  gpu_per_process: 1",
                        b -> b.mesh(Mesh.builder().gpuPerProcess(1).build())),
                form("mesh.pool-trees repeated", keys(ConfigKey.MESH_POOL_TREES),
                        List.of("--mesh.pool-trees", "gpu_h100", "--mesh.pool-trees", "gpu_a100"),
                        "mesh:\n  pool_trees: [gpu_h100, gpu_a100]",
                        b -> b.mesh(Mesh.builder().poolTrees("gpu_h100", "gpu_a100").build())),
                form("mesh.pool-trees comma-separated", keys(ConfigKey.MESH_POOL_TREES),
                        List.of("--mesh.pool-trees", "gpu_h100,gpu_a100"),
                        "mesh:\n  pool_trees:\n    - gpu_h100\n    - gpu_a100",
                        b -> b.mesh(Mesh.builder().poolTrees("gpu_h100", "gpu_a100").build())),
                form("mesh.pool", keys(ConfigKey.MESH_POOL), List.of("--mesh.pool", "research"),
                        "mesh:\n  pool: research", b -> b.mesh(Mesh.builder().pool("research").build())),
                form("whole mesh", keys(ConfigKey.MESH_NODE_COUNT, ConfigKey.MESH_PROCESS_PER_NODE,
                                ConfigKey.MESH_GPU_PER_PROCESS, ConfigKey.MESH_POOL_TREES, ConfigKey.MESH_POOL),
                        List.of("--mesh.node-count", "4", "--mesh.process-per-node", "8", "--mesh.gpu-per-process", "1",
                                "--mesh.pool-trees", "gpu_h100", "--mesh.pool", "research"),
                        "mesh:\n  node_count: 4\n  process_per_node: 8\n  gpu_per_process: 1\n"
                                + "  pool_trees: [gpu_h100]\n  pool: research",
                        b -> b.mesh(new Mesh(4, 8, 1, List.of("gpu_h100"), java.util.Optional.of("research")))),
                form("env by value and from Cypress", keys(ConfigKey.ENV),
                        List.of("--env", "{\"name\": \"MY_VAR_1\", \"value\": \"123\"}",
                                "--env", "{\"name\": \"MY_VAR_2\", \"cypress_path\": \"//tmp/sec_value\"}"),
                        "env:\n  - name: MY_VAR_1\n    value: \"123\"\n  - name: MY_VAR_2\n    cypress_path: //tmp/sec_value",
                        b -> b.addEnv(EnvVariable.ofValue("MY_VAR_1", "123"))
                                .addEnv(EnvVariable.fromCypress("MY_VAR_2", "//tmp/sec_value"))),
                form("resources.cpu-limit", keys(ConfigKey.RESOURCES_CPU_LIMIT), List.of("--resources.cpu-limit", "4"),
                        "resources:\n  cpu_limit: 4", b -> b.resources(Resources.builder().cpuLimit(4).build())),
                form("resources.cpu-limit fractional", keys(ConfigKey.RESOURCES_CPU_LIMIT),
                        List.of("--resources.cpu-limit", "0.5"), "resources:\n  cpu_limit: 0.5",
                        b -> b.resources(Resources.builder().cpuLimit(0.5).build())),
                form("resources.memory-limit in bytes", keys(ConfigKey.RESOURCES_MEMORY_LIMIT),
                        List.of("--resources.memory-limit", "17179869184"),
                        "resources:\n  memory_limit: 17179869184  # 16GiB",
                        b -> b.resources(Resources.builder().memoryLimit(17179869184L).build())),
                form("resources.memory-limit as a size", keys(ConfigKey.RESOURCES_MEMORY_LIMIT),
                        List.of("--resources.memory-limit", "16G"), "resources:\n  memory_limit: 16GiB",
                        b -> b.resources(Resources.builder().memoryLimit(17179869184L).build())),
                form("user-config", keys(ConfigKey.USER_CONFIG), List.of("--user-config", "{\"a\": \"b\", \"n\": [1, 2]}"),
                        "user_config:\n  a: \"b\"\n  n: [1, 2]", b -> b.userConfig(json("{\"a\": \"b\", \"n\": [1, 2]}"))),
                form("bind-local simple and JSON", keys(ConfigKey.BIND_LOCAL),
                        List.of("--bind-local", "./local_path:/path/in/container",
                                "--bind-local", "{\"source\": \"./local_path\", \"destination\": \"data\"}"),
                        "bind_local:\n  - source: ./local_path\n    destination: /path/in/container\n"
                                + "  - ./local_path:data",
                        b -> b.addBindLocal(new BindLocal("./local_path", "/path/in/container"))
                                .addBindLocal(new BindLocal("./local_path", "data"))),
                form("bind-local-lib", keys(ConfigKey.BIND_LOCAL_LIB), List.of("--bind-local-lib", "lib/mylib"),
                        "bind_local_lib:\n  - \"lib/mylib\"", b -> b.addBindLocalLib("lib/mylib")),
                form("bind-cypress simple and JSON with attributes", keys(ConfigKey.BIND_CYPRESS),
                        List.of("--bind-cypress", "//tmp/path:/path/in/container",
                                "--bind-cypress", "{\"source\": \"//tmp/path\", \"destination\": \"/path/in/container\", "
                                        + "\"attributes\": {\"executable\": true, \"format\": null, \"bypass_artifact_cache\": false}}"),
                        "bind_cypress:\n  - //tmp/path:/path/in/container\n"
                                + "  - source: //tmp/path\n    destination: /path/in/container\n    attributes:\n"
                                + "      executable: True\n      format: None\n      bypass_artifact_cache: False",
                        b -> b.addBindCypress(new BindCypress("//tmp/path", "/path/in/container"))
                                .addBindCypress(new BindCypress("//tmp/path", "/path/in/container",
                                        BindAttributes.builder().executable(true).build()))),
                form("bind-cypress with a format", keys(ConfigKey.BIND_CYPRESS),
                        List.of("--bind-cypress", "{\"source\": \"//tmp/t\", \"destination\": \"t.json\", "
                                + "\"attributes\": {\"format\": \"json\", \"bypass_artifact_cache\": true}}"),
                        "bind_cypress:\n  - source: //tmp/t\n    destination: t.json\n    attributes:\n"
                                + "      format: json\n      bypass_artifact_cache: true",
                        b -> b.addBindCypress(new BindCypress("//tmp/t", "t.json",
                                BindAttributes.builder().format("json").bypassArtifactCache(true).build()))),
                form("sidecar", keys(ConfigKey.SIDECARS),
                        List.of("--sidecar", "{\"command\": [\"python\", \"script.py\"], \"restart_policy\": \"always\"}",
                                "--sidecar", "{\"command\": [\"sleep\", \"1\"], \"restart_policy\": \"fail\"}"),
                        "sidecars:\n  - command: [\"python\", \"script.py\"]\n    restart_policy: always\n"
                                + "  - command: [sleep, \"1\"]\n    restart_policy: fail",
                        b -> b.addSidecar(new Sidecar(List.of("python", "script.py"), RestartPolicy.ALWAYS))
                                .addSidecar(new Sidecar(List.of("sleep", "1"), RestartPolicy.FAIL))),
                form("proxy-stderr-mode", keys(ConfigKey.PROXY_STDERR_MODE), List.of("--proxy-stderr-mode", "primary"),
                        "proxy_stderr_mode: primary", b -> b.proxyStderrMode(StderrMode.PRIMARY)),
                form("operation-log-mode", keys(ConfigKey.OPERATION_LOG_MODE),
                        List.of("--operation-log-mode", "realtime_yt_table"), "operation_log_mode: realtime_yt_table",
                        b -> b.operationLogMode(OperationLogMode.REALTIME_YT_TABLE)),
                form("no-wait", keys(ConfigKey.NO_WAIT), List.of("--no-wait"), "no_wait: true", b -> b.noWait(true)),
                form("dry-run", keys(ConfigKey.DRY_RUN), List.of("--dry-run"), "dry_run: true", b -> b.dryRun(true)),
                form("docker-auth-secret.cypress-path", keys(ConfigKey.DOCKER_AUTH_SECRET_CYPRESS_PATH),
                        List.of("--docker-auth-secret.cypress-path", "//path/to/secret"),
                        "docker_auth_secret:\n  cypress_path: //path/to/secret",
                        b -> b.dockerAuthSecret(new DockerAuthSecret("//path/to/secret"))),
                form("cluster-config-path", keys(ConfigKey.CLUSTER_CONFIG_PATH),
                        List.of("--cluster-config-path", "//home/other/config"), "cluster_config_path: //home/other/config",
                        b -> b.clusterConfigPath("//home/other/config")),
                form("yt-operation-spec", keys(ConfigKey.YT_OPERATION_SPEC),
                        List.of("--yt-operation-spec", "{\"title\": \"custom title\"}"),
                        "yt_operation_spec:\n  title: \"custom title\"",
                        b -> b.ytOperationSpec((ObjectNode) json("{\"title\": \"custom title\"}"))),
                form("yt-task-spec", keys(ConfigKey.YT_TASK_SPEC), List.of("--yt-task-spec", "{\"title\": \"custom title\"}"),
                        "yt_task_spec:\n  title: \"custom title\"",
                        b -> b.ytTaskSpec((ObjectNode) json("{\"title\": \"custom title\"}"))),
                form("local as a bare flag", keys(ConfigKey.LOCAL), List.of("--local"), "local: true", b -> b.local(true)),
                form("local True (Python spelling)", keys(ConfigKey.LOCAL), List.of("--local", "True"), "local: True",
                        b -> b.local(true)),
                form("local false", keys(ConfigKey.LOCAL), List.of("--local", "false"), "local: False", b -> b.local(false)),
                form("backend", keys(ConfigKey.BACKEND), List.of("--backend", "torch"), "backend: torch",
                        b -> b.backend(Backend.TORCH)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void flagsYamlAndBuilderGiveTheSameRunConfig(Form form) throws IOException {
        List<String> args = new ArrayList<>(form.flags());
        args.addAll(COMMAND);
        RunConfig fromFlags = cli.load(args.toArray(String[]::new)).config();

        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "command: [python3, main.py, \"--lr\", \"0.1\"]\n" + form.yaml() + "\n");
        RunConfig fromYaml = cli.load("--run-config-path", "run.yaml").config();

        RunConfig fromJava = form.java().apply(RunConfig.builder()
                .command(COMMAND)
                .ytPath(RunConfig.defaultYtPath(CliHarness.FIXED_ID))
                .dockerImage("base-image")).build();

        assertThat(fromFlags).isEqualTo(fromJava);
        assertThat(fromYaml).isEqualTo(fromJava);
    }

    @Test
    void theFormsTableCoversEveryOption() {
        Set<ConfigKey> covered = forms().flatMap(f -> f.covers().stream()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(ConfigKey.class));
    }

    @Test
    void everythingAfterTheFirstPositionalArgumentIsTheUsersCommand() {
        RunConfig config = cli.load("--mesh.node-count", "2", "python3", "main.py", "--lr", "0.1",
                "--mesh.node-count", "5", "--local").config();

        assertThat(config.command()).containsExactly("python3", "main.py", "--lr", "0.1", "--mesh.node-count", "5",
                "--local");
        assertThat(config.mesh().nodeCount()).isEqualTo(2);
        assertThat(config.local()).isFalse();
    }

    @Test
    void aBareLocalFlagDoesNotSwallowTheCommand() {
        RunConfig config = cli.load("--local", "python3", "main.py").config();

        assertThat(config.local()).isTrue();
        assertThat(config.command()).containsExactly("python3", "main.py");
    }

    @Test
    void memorySizesUseBinaryUnits() {
        Map<String, Long> sizes = Map.of("512M", 536870912L, "16G", 17179869184L, "16GiB", 17179869184L,
                "1.5G", 1610612736L, "1024", 1024L, "2k", 2048L, "1T", 1099511627776L, "3 GB", 3221225472L);
        sizes.forEach((text, bytes) -> assertThat(cli.load("--resources.memory-limit", text, "--local", "x").config()
                .resources().memoryLimit()).as(text).contains(bytes));
    }

    private static Form form(String name, Set<ConfigKey> covers, List<String> flags, String yaml,
                             UnaryOperator<RunConfig.Builder> java) {
        return new Form(name, covers, flags, yaml, java);
    }

    private static Set<ConfigKey> keys(ConfigKey... keys) {
        return Set.copyOf(Arrays.asList(keys));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
