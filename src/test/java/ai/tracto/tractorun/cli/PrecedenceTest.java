package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.config.ConfigKey;
import ai.tracto.tractorun.config.ConfigSource;
import ai.tracto.tractorun.config.LoadedConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** CLI flag > YAML file > environment > default, for every option on its own. */
class PrecedenceTest {
    @TempDir
    Path dir;

    /** A flag value and a different YAML value for one option. */
    record Row(ConfigKey key, List<String> flags, String yaml) {
        @Override
        public String toString() {
            return key.yamlPath();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
    }

    static Stream<Row> rows() {
        return Stream.of(
                row(ConfigKey.COMMAND, List.of(), "command: [yaml-command]"),
                row(ConfigKey.YT_PATH, List.of("--yt-path", "//cli"), "yt_path: //yaml"),
                row(ConfigKey.DOCKER_IMAGE, List.of("--docker-image", "cli-image"), "docker_image: yaml-image"),
                row(ConfigKey.TITLE, List.of("--title", "cli"), "title: yaml"),
                row(ConfigKey.MESH_NODE_COUNT, List.of("--mesh.node-count", "2"), "mesh: {node_count: 3}"),
                row(ConfigKey.MESH_PROCESS_PER_NODE, List.of("--mesh.process-per-node", "2"), "mesh: {process_per_node: 3}"),
                row(ConfigKey.MESH_GPU_PER_PROCESS, List.of("--mesh.gpu-per-process", "2"), "mesh: {gpu_per_process: 3}"),
                row(ConfigKey.MESH_POOL_TREES, List.of("--mesh.pool-trees", "cli"), "mesh: {pool_trees: [yaml]}"),
                row(ConfigKey.MESH_POOL, List.of("--mesh.pool", "cli"), "mesh: {pool: yaml}"),
                row(ConfigKey.ENV, List.of("--env", "{\"name\": \"A\", \"value\": \"cli\"}"),
                        "env: [{name: A, value: yaml}]"),
                row(ConfigKey.RESOURCES_CPU_LIMIT, List.of("--resources.cpu-limit", "2"), "resources: {cpu_limit: 3}"),
                row(ConfigKey.RESOURCES_MEMORY_LIMIT, List.of("--resources.memory-limit", "2G"),
                        "resources: {memory_limit: 3G}"),
                row(ConfigKey.USER_CONFIG, List.of("--user-config", "{\"from\": \"cli\"}"), "user_config: {from: yaml}"),
                row(ConfigKey.BIND_LOCAL, List.of("--bind-local", "a:cli"), "bind_local: [{source: b, destination: yaml}]"),
                row(ConfigKey.BIND_LOCAL_LIB, List.of("--bind-local-lib", "a"), "bind_local_lib: [b]"),
                row(ConfigKey.BIND_CYPRESS, List.of("--bind-cypress", "//cli:cli"), "bind_cypress: [\"//yaml:yaml\"]"),
                row(ConfigKey.SIDECARS, List.of("--sidecar", "{\"command\": [\"cli\"], \"restart_policy\": \"never\"}"),
                        "sidecars: [{command: [yaml], restart_policy: always}]"),
                row(ConfigKey.PROXY_STDERR_MODE, List.of("--proxy-stderr-mode", "disabled"), "proxy_stderr_mode: primary"),
                row(ConfigKey.OPERATION_LOG_MODE, List.of("--operation-log-mode", "default"),
                        "operation_log_mode: realtime_yt_table"),
                row(ConfigKey.NO_WAIT, List.of("--no-wait", "false"), "no_wait: true"),
                row(ConfigKey.DRY_RUN, List.of("--dry-run", "false"), "dry_run: true"),
                row(ConfigKey.DOCKER_AUTH_SECRET_CYPRESS_PATH, List.of("--docker-auth-secret.cypress-path", "//cli"),
                        "docker_auth_secret: {cypress_path: //yaml}"),
                row(ConfigKey.CLUSTER_CONFIG_PATH, List.of("--cluster-config-path", "//cli"), "cluster_config_path: //yaml"),
                row(ConfigKey.YT_OPERATION_SPEC, List.of("--yt-operation-spec", "{\"a\": 1}"), "yt_operation_spec: {a: 2}"),
                row(ConfigKey.YT_TASK_SPEC, List.of("--yt-task-spec", "{\"a\": 1}"), "yt_task_spec: {a: 2}"),
                row(ConfigKey.LOCAL, List.of("--local", "false"), "local: true"),
                row(ConfigKey.BACKEND, List.of("--backend", "jax"), "backend: torch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aFlagBeatsTheYamlFileWhichBeatsTheDefault(Row row) throws IOException {
        CliHarness cli = new CliHarness(Map.of(), dir);
        Files.writeString(dir.resolve("run.yaml"), row.yaml() + "\n");
        // --local keeps the docker image optional; the LOCAL row itself needs an image instead.
        List<String> base = row.key() == ConfigKey.LOCAL ? List.of("--docker-image", "img") : List.of("--local");

        LoadedConfig neither = cli.load(args(base, List.of(), null));
        LoadedConfig yamlOnly = cli.load(args(base, List.of(), "run.yaml"));
        LoadedConfig flagOnly = cli.load(args(base, row.flags(), null));
        LoadedConfig both = cli.load(args(base, row.flags(), "run.yaml"));

        ConfigKey key = row.key();
        assertThat(neither.source(key)).isEqualTo(key == ConfigKey.COMMAND ? ConfigSource.CLI : ConfigSource.DEFAULT);
        assertThat(yamlOnly.source(key)).isEqualTo(key == ConfigKey.COMMAND ? ConfigSource.CLI : ConfigSource.YAML);
        assertThat(flagOnly.source(key)).isEqualTo(ConfigSource.CLI);
        assertThat(both.source(key)).isEqualTo(ConfigSource.CLI);
        if (key != ConfigKey.COMMAND) {
            assertThat(key.describe(yamlOnly.config())).isNotEqualTo(key.describe(neither.config()));
            assertThat(key.describe(flagOnly.config())).isNotEqualTo(key.describe(yamlOnly.config()));
        }
        assertThat(key.describe(both.config())).isEqualTo(key.describe(flagOnly.config()));
    }

    @Test
    void theYamlCommandIsUsedWhenNoCommandIsGivenOnTheCommandLine() throws IOException {
        Files.writeString(dir.resolve("run.yaml"), "command: [python3, yaml.py]\nlocal: true\n");
        LoadedConfig loaded = new CliHarness(Map.of(), dir).load("--run-config-path", "run.yaml");

        assertThat(loaded.config().command()).containsExactly("python3", "yaml.py");
        assertThat(loaded.source(ConfigKey.COMMAND)).isEqualTo(ConfigSource.YAML);
    }

    @Test
    void theRowsCoverEveryOption() {
        Set<ConfigKey> covered = rows().map(Row::key).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(ConfigKey.class));
    }

    @Test
    void theDockerImageComesFromYtBaseLayerBeforeYtJobDockerImage() {
        LoadedConfig loaded = new CliHarness(Map.of("YT_BASE_LAYER", "layer", "YT_JOB_DOCKER_IMAGE", "job"), dir)
                .load("x");

        assertThat(loaded.config().dockerImage()).contains("layer");
        assertThat(loaded.source(ConfigKey.DOCKER_IMAGE)).isEqualTo(ConfigSource.ENV);
    }

    @Test
    void theDockerImageFallsBackToYtJobDockerImageAndIgnoresABlankBaseLayer() {
        LoadedConfig loaded = new CliHarness(Map.of("YT_BASE_LAYER", " ", "YT_JOB_DOCKER_IMAGE", "job"), dir)
                .load("x");

        assertThat(loaded.config().dockerImage()).contains("job");
    }

    @Test
    void theYamlDockerImageBeatsTheEnvironmentAndAFlagBeatsBoth() throws IOException {
        Files.writeString(dir.resolve("run.yaml"), "docker_image: yaml-image\n");
        CliHarness cli = new CliHarness(Map.of("YT_BASE_LAYER", "env-image"), dir);

        assertThat(cli.load("--run-config-path", "run.yaml", "x").config().dockerImage()).contains("yaml-image");
        assertThat(cli.load("--run-config-path", "run.yaml", "--docker-image", "cli-image", "x").config().dockerImage())
                .contains("cli-image");
    }

    @Test
    void defaultsAreThoseOfTheOptionReference() {
        LoadedConfig loaded = new CliHarness(Map.of(), dir).load("--local", "python3", "main.py");
        RunConfig config = loaded.config();

        String ytPath = "//tmp/tractorun/" + CliHarness.FIXED_ID;
        assertThat(config.ytPath()).isEqualTo(ytPath);
        assertThat(config.title()).isEqualTo("Tractorun " + ytPath);
        assertThat(config.mesh().nodeCount()).isEqualTo(1);
        assertThat(config.mesh().processPerNode()).isEqualTo(1);
        assertThat(config.mesh().gpuPerProcess()).isZero();
        assertThat(config.mesh().poolTrees()).isEmpty();
        assertThat(config.mesh().pool()).isEmpty();
        assertThat(config.clusterConfigPath()).isEqualTo("//home/tractorun/config");
        assertThat(config.proxyStderrMode()).isEqualTo(StderrMode.DISABLED);
        assertThat(config.operationLogMode()).isEqualTo(OperationLogMode.DEFAULT);
        assertThat(config.backend()).isEqualTo(Backend.GENERIC);
        assertThat(config.dockerImage()).isEmpty();
        assertThat(config.userConfig()).isEmpty();
        assertThat(config.noWait()).isFalse();
        assertThat(config.dryRun()).isFalse();
    }

    @Test
    void aTitleFromYamlIsKeptWhenTheFlagChangesOnlyTheYtPath() throws IOException {
        Files.writeString(dir.resolve("run.yaml"), "title: mine\n");
        RunConfig config = new CliHarness(Map.of(), dir)
                .load("--run-config-path", "run.yaml", "--yt-path", "//tmp/p", "--local", "x").config();

        assertThat(config.title()).isEqualTo("mine");
        assertThat(config.ytPath()).isEqualTo("//tmp/p");
    }

    @Test
    void theDefaultTitleFollowsTheEffectiveYtPath() throws IOException {
        Files.writeString(dir.resolve("run.yaml"), "yt_path: //tmp/from_yaml\n");
        LoadedConfig loaded = new CliHarness(Map.of(), dir).load("--run-config-path", "run.yaml", "--local", "x");

        assertThat(loaded.config().title()).isEqualTo("Tractorun //tmp/from_yaml");
        assertThat(loaded.source(ConfigKey.TITLE)).isEqualTo(ConfigSource.DEFAULT);
    }

    private static String[] args(List<String> base, List<String> flags, String yaml) {
        List<String> args = new ArrayList<>(base);
        if (yaml != null) {
            args.add("--run-config-path");
            args.add(yaml);
        }
        args.addAll(flags);
        args.add("cli-command");
        return args.toArray(String[]::new);
    }

    private static Row row(ConfigKey key, List<String> flags, String yaml) {
        return new Row(key, flags, yaml);
    }
}
