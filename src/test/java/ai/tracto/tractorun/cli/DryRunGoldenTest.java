package ai.tracto.tractorun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --dry-run} for each example of the option reference, compared with the reviewed output
 * under {@code src/test/resources/golden}. Run with {@code -Dgolden.update=true} to rewrite them
 * after an intended change, then review the diff.
 */
class DryRunGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path dir;

    record Example(String name, List<String> flags) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("local_path"));
        Files.createDirectories(dir.resolve("local_lib"));
        Files.writeString(dir.resolve("config.yaml"), """
                command: ["python3", "main.py"]
                yt_path: //tmp/path
                docker_image: my-docker-image
                title: "Operation Title"
                mesh:
                  node_count: 3
                  process_per_node: 2
                  gpu_per_process: 1
                  pool_trees: [gpu_h100]
                  pool: research
                env:
                  - name: MY_VAR_1
                    value: "123"
                  - name: MY_VAR_2
                    value: "//tmp/sec_value"
                resources:
                  cpu_limit: 4
                  memory_limit: 17179869184  # 16GiB
                user_config:
                  a: "b"
                bind_local:
                  - source: ./local_path
                    destination: /path/in/container
                bind_local_lib:
                  - "./local_lib"
                bind_cypress:
                  - source: //tmp/path
                    destination: /path/in/container
                    attributes:
                      executable: True
                      format: None
                      bypass_artifact_cache: False
                sidecars:
                  - command: ["python", "script.py"]
                    restart_policy: always
                proxy_stderr_mode: primary
                operation_log_mode: realtime_yt_table
                no_wait: true
                docker_auth_secret:
                  cypress_path: //path/to/secret
                cluster_config_path: //home/tractorun/config
                yt_operation_spec:
                  title: "custom title"
                yt_task_spec:
                  title: "custom title"
                """);
    }

    static Stream<Example> examples() {
        return Stream.of(
                example("command"),
                example("yt-path", "--yt-path", "//tmp/path"),
                example("run-config-path", "--run-config-path", "./config.yaml"),
                example("docker-image", "--docker-image", "my-docker-image"),
                example("title", "--title", "Operation Title"),
                example("mesh-node-count", "--mesh.node-count", "3"),
                example("mesh-process-per-node", "--mesh.process-per-node", "2"),
                example("mesh-gpu-per-process", "--mesh.gpu-per-process", "1"),
                example("mesh-pool-trees", "--mesh.pool-trees", "gpu_h100"),
                example("mesh-pool", "--mesh.pool", "research"),
                example("env", "--env", "{\"name\": \"MY_VAR_1\", \"value\": \"123\"}",
                        "--env", "{\"name\": \"ENV_VAR_2\", \"cypress_path\": \"//tmp/sec_value\"}"),
                example("resources-cpu-limit", "--resources.cpu-limit", "4"),
                example("resources-memory-limit", "--resources.memory-limit", "17179869184"),
                example("user-config", "--user-config", "{\"a\": \"b\"}"),
                example("bind-local", "--bind-local", "./local_path:/path/in/container",
                        "--bind-local", "{\"source\": \"./local_path\", \"destination\": \"/path/in/container\"}"),
                example("bind-local-lib", "--bind-local-lib", "./local_lib"),
                example("bind-cypress", "--bind-cypress", "//tmp/path:/path/in/container",
                        "--bind-cypress", "{\"source\": \"//tmp/path\", \"destination\": \"/path/in/container\", "
                                + "\"attributes\": {\"executable\": true, \"format\": null, \"bypass_artifact_cache\": false}}"),
                example("sidecar", "--sidecar", "{\"command\": [\"python\", \"script.py\"], \"restart_policy\": \"always\"}"),
                example("proxy-stderr-mode", "--proxy-stderr-mode", "primary"),
                example("operation-log-mode", "--operation-log-mode", "realtime_yt_table"),
                example("no-wait", "--no-wait"),
                example("docker-auth-secret", "--docker-auth-secret.cypress-path", "//path/to/secret"),
                example("cluster-config-path", "--cluster-config-path", "//home/tractorun/config"),
                example("yt-operation-spec", "--yt-operation-spec", "{\"title\": \"custom title\"}"),
                example("yt-task-spec", "--yt-task-spec", "{\"title\": \"custom title\"}"),
                example("local", "--local", "True"),
                example("backend", "--backend", "torch"),
                example("gpu-gang", "--mesh.node-count", "2", "--mesh.process-per-node", "8",
                        "--mesh.gpu-per-process", "1", "--mesh.pool-trees", "gpu_h100", "--resources.memory-limit", "512G"),
                example("user-specs-win", "--yt-operation-spec",
                        "{\"is_gang\": false, \"annotations\": {\"team\": \"ml\"}, \"tasks\": {\"task\": {\"job_time_limit\": 60000}}}",
                        "--yt-task-spec", "{\"job_count\": 5, \"environment\": {\"EXTRA\": \"1\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void dryRunPrintsTheReviewedReport(Example example) throws IOException {
        List<String> args = new ArrayList<>(List.of("--dry-run", "--docker-image", "my-docker-image"));
        if (example.name().equals("docker-image")) {
            args = new ArrayList<>(List.of("--dry-run"));
        }
        args.addAll(example.flags());
        if (!example.name().equals("run-config-path")) {
            args.addAll(List.of("python3", "main.py"));
        }

        CliHarness.Result result = new CliHarness(Map.of(), dir).run(args.toArray(String[]::new));

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.executed()).isEmpty();
        Path golden = GOLDEN.resolve(example.name() + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
        }
        JsonNode expected = JSON.readTree(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(JSON.readTree(result.out())).isEqualTo(expected);
    }

    @Test
    void dryRunPrintsExactlyOneJsonDocument() throws IOException {
        CliHarness.Result result = new CliHarness(Map.of(), dir).run("--dry-run", "--local", "python3", "main.py");

        var parser = JSON.createParser(result.out());
        assertThat(JSON.readTree(parser).isObject()).isTrue();
        assertThat(parser.nextToken()).isNull();
    }

    @Test
    void dryRunNeverShowsSecrets() {
        CliHarness.Result result = new CliHarness(Map.of("YT_TOKEN", "super-secret-token"), dir)
                .run("--dry-run", "--local", "--docker-auth-secret.cypress-path", "//s", "python3", "main.py");

        assertThat(result.out()).doesNotContain("super-secret-token");
        assertThat(result.out()).contains("\"YT_TOKEN\" : \"***\"").contains("\"docker_auth\" : \"***\"");
    }

    private static Example example(String name, String... flags) {
        return new Example(name, List.of(flags));
    }
}
