package ai.tracto.tractorun.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad flags and bad YAML files. Each must end with exit code 2 and exactly one line
 * on stderr that names the offending option, with no stack trace and nothing started.
 */
class MalformedInputTest {
    private static final String SPEC_ENV_EXAMPLE = "{\"name\": \"ENV_VAR_2, \"cypress_path\": \"//tmp/sec_value\"}";

    @TempDir
    Path dir;

    /** Flags (a trailing command is added unless {@code complete}) or a YAML file, and what the error must name. */
    record Bad(String name, List<String> args, String yaml, String names) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("local_path"));
    }

    static Stream<Bad> corpus() {
        return Stream.of(
                // counts
                flags("zero nodes", "--mesh.node-count", "--mesh.node-count", "0"),
                flags("negative nodes", "--mesh.node-count", "--mesh.node-count", "-1"),
                flags("nodes not a number", "--mesh.node-count", "--mesh.node-count", "abc"),
                flags("fractional nodes", "--mesh.node-count", "--mesh.node-count", "1.5"),
                flags("nodes beyond int", "--mesh.node-count", "--mesh.node-count", "99999999999"),
                flags("zero processes per node", "--mesh.process-per-node", "--mesh.process-per-node", "0"),
                flags("processes per node in words", "--mesh.process-per-node", "--mesh.process-per-node", "two"),
                flags("negative gpus", "--mesh.gpu-per-process", "--mesh.gpu-per-process", "-1"),
                flags("gpus not a number", "--mesh.gpu-per-process", "--mesh.gpu-per-process", "x"),
                flags("empty pool", "--mesh.pool", "--mesh.pool", ""),
                // env
                flags("the spec's --env example with a missing quote", "--env: malformed JSON", "--env", SPEC_ENV_EXAMPLE),
                flags("env with neither value nor cypress_path", "--env", "--env", "{\"name\": \"A\"}"),
                flags("env with both value and cypress_path", "--env", "--env",
                        "{\"name\": \"A\", \"value\": \"1\", \"cypress_path\": \"//x\"}"),
                flags("env with a bad variable name", "--env name", "--env", "{\"name\": \"1A\", \"value\": \"1\"}"),
                flags("env with a numeric value", "--env value", "--env", "{\"name\": \"A\", \"value\": 1}"),
                flags("env that is a list", "--env", "--env", "[1]"),
                flags("env with an unknown key", "--env extra", "--env", "{\"name\": \"A\", \"value\": \"1\", \"extra\": 1}"),
                flags("env cypress_path not in Cypress", "--env cypress_path", "--env",
                        "{\"name\": \"A\", \"cypress_path\": \"tmp/x\"}"),
                flags("env without a name", "--env name", "--env", "{\"value\": \"1\"}"),
                // resources
                flags("zero cpus", "--resources.cpu-limit", "--resources.cpu-limit", "0"),
                flags("negative cpus", "--resources.cpu-limit", "--resources.cpu-limit", "-2"),
                flags("cpus in words", "--resources.cpu-limit", "--resources.cpu-limit", "lots"),
                flags("zero memory", "--resources.memory-limit", "--resources.memory-limit", "0"),
                flags("memory with an unknown unit", "--resources.memory-limit", "--resources.memory-limit", "16X"),
                flags("negative memory", "--resources.memory-limit", "--resources.memory-limit", "-5"),
                flags("memory beyond long", "--resources.memory-limit", "--resources.memory-limit", "99999999P"),
                // JSON documents
                flags("malformed user config", "--user-config: malformed JSON", "--user-config", "{\"a\": }"),
                flags("user config with trailing garbage", "--user-config", "--user-config", "{\"a\": 1} x"),
                flags("operation spec that is a list", "--yt-operation-spec", "--yt-operation-spec", "[1, 2]"),
                flags("operation spec with a trailing comma", "--yt-operation-spec", "--yt-operation-spec",
                        "{\"title\": \"x\",}"),
                flags("task spec that is null", "--yt-task-spec", "--yt-task-spec", "null"),
                // binds
                flags("the spec's --bind-local example without ':'", "--bind-local", "--bind-local", "/path/in/container"),
                flags("bind with an empty source", "--bind-local", "--bind-local", ":dst"),
                flags("bind with an empty destination", "--bind-local", "--bind-local", "local_path:"),
                flags("bind whose source does not exist", "--bind-local: source 'missing_dir' does not exist",
                        "--bind-local", "missing_dir:dst"),
                flags("JSON bind without destination", "--bind-local destination", "--bind-local",
                        "{\"source\": \"local_path\"}"),
                flags("malformed JSON bind", "--bind-local: malformed JSON", "--bind-local",
                        "{\"source\": \"x\", \"destination\": \"y\""),
                flags("lib that does not exist", "--bind-local-lib", "--bind-local-lib", "does_not_exist"),
                flags("cypress bind from a local path", "--bind-cypress", "--bind-cypress", "/tmp/path:/dst"),
                flags("cypress bind without ':'", "--bind-cypress", "--bind-cypress", "//tmp/path"),
                flags("cypress bind with a non-boolean executable", "--bind-cypress attributes.executable",
                        "--bind-cypress", "{\"source\": \"//t\", \"destination\": \"d\", \"attributes\": {\"executable\": \"yes\"}}"),
                flags("cypress bind with an unknown attribute", "--bind-cypress attributes.colour", "--bind-cypress",
                        "{\"source\": \"//t\", \"destination\": \"d\", \"attributes\": {\"colour\": 1}}"),
                flags("cypress bind with a numeric format", "--bind-cypress attributes.format", "--bind-cypress",
                        "{\"source\": \"//t\", \"destination\": \"d\", \"attributes\": {\"format\": 5}}"),
                // sidecars
                flags("sidecar with an unknown restart policy", "--sidecar restart_policy", "--sidecar",
                        "{\"command\": [\"python\"], \"restart_policy\": \"sometimes\"}"),
                flags("sidecar with an empty command", "--sidecar command", "--sidecar",
                        "{\"command\": [], \"restart_policy\": \"always\"}"),
                flags("sidecar without a command", "--sidecar command", "--sidecar", "{\"restart_policy\": \"always\"}"),
                flags("sidecar command as one string", "--sidecar command", "--sidecar",
                        "{\"command\": \"python script.py\", \"restart_policy\": \"always\"}"),
                flags("sidecar without a restart policy", "--sidecar restart_policy", "--sidecar",
                        "{\"command\": [\"python\"]}"),
                flags("sidecar that is not JSON", "--sidecar: malformed JSON", "--sidecar", "python script.py"),
                // enums and booleans
                flags("unknown stderr mode", "--proxy-stderr-mode", "--proxy-stderr-mode", "all"),
                flags("unknown log mode", "--operation-log-mode", "--operation-log-mode", "realtime"),
                flags("unknown backend", "--backend", "--backend", "tensorflow"),
                flags("local neither true nor false", "--local", "--local=maybe"),
                flags("no-wait as a number", "--no-wait", "--no-wait=1"),
                // paths and names
                flags("yt path not in Cypress", "--yt-path", "--yt-path", "tmp/path"),
                flags("empty yt path", "--yt-path", "--yt-path", ""),
                flags("cluster config path not in Cypress", "--cluster-config-path", "--cluster-config-path", "home/x"),
                flags("docker auth secret not in Cypress", "--docker-auth-secret.cypress-path",
                        "--docker-auth-secret.cypress-path", "secret"),
                flags("empty docker image", "--docker-image", "--docker-image", ""),
                flags("blank title", "--title", "--title", " "),
                // the command line itself
                complete("no command", "command: missing", "--local"),
                complete("no docker image for a cluster run", "--docker-image: missing", "python3", "main.py"),
                flags("unknown flag", "--mesh.nodes", "--mesh.nodes", "2"),
                complete("flag without its value", "--mesh.node-count", "--local", "--mesh.node-count"),
                flags("single-valued flag given twice", "--yt-path", "--yt-path", "//a", "--yt-path", "//b"),
                flags("missing YAML file", "--run-config-path", "--run-config-path", "missing.yaml"),
                // YAML files
                yaml("unknown top-level key", "nodes (run.yaml line 1): unknown key", "nodes: 3"),
                yaml("unknown mesh key", "mesh.nodes (run.yaml line 2): unknown key", "mesh:\n  nodes: 3"),
                yaml("node count as a string", "mesh.node_count (run.yaml line 2)", "mesh:\n  node_count: \"3\""),
                yaml("zero node count", "mesh.node_count (run.yaml line 3)", "title: t\nmesh:\n  node_count: 0"),
                yaml("negative gpu count", "mesh.gpu_per_process", "mesh:\n  gpu_per_process: -1"),
                yaml("mesh that is a number", "mesh (run.yaml line 1)", "mesh: 3"),
                yaml("pool trees as one string", "mesh.pool_trees", "mesh:\n  pool_trees: gpu_h100"),
                yaml("command as one string", "command (run.yaml line 1)", "command: \"python3 main.py\""),
                yaml("command with a number", "command[1]", "command: [python3, 3]"),
                yaml("env that is a mapping", "env (run.yaml line 1)", "env: {name: A}"),
                yaml("env entry without value", "env[0] (run.yaml line 2)", "env:\n  - name: A"),
                yaml("env entry with both", "env[0]", "env:\n  - name: A\n    value: x\n    cypress_path: //x"),
                yaml("env value as a number", "env[0].value (run.yaml line 3)", "env:\n  - name: A\n    value: 123"),
                yaml("missing bind source", "bind_local[0]", "bind_local:\n  - source: missing\n    destination: d"),
                yaml("bind without ':'", "bind_local[0]", "bind_local:\n  - nocolon"),
                yaml("bind with an unknown key", "bind_local[0].target",
                        "bind_local:\n  - source: local_path\n    target: d"),
                yaml("lib binds as one string", "bind_local_lib", "bind_local_lib: missing_lib"),
                yaml("executable: yes", "bind_cypress[0].attributes.executable (run.yaml line 6)",
                        "bind_cypress:\n  - source: //t\n    destination: d\n    attributes:\n"
                                + "      format: None\n      executable: yes"),
                yaml("unknown restart policy", "sidecars[0].restart_policy (run.yaml line 3)",
                        "sidecars:\n  - command: [a]\n    restart_policy: sometimes"),
                yaml("unknown stderr mode", "proxy_stderr_mode (run.yaml line 1)", "proxy_stderr_mode: loud"),
                yaml("numeric log mode", "operation_log_mode", "operation_log_mode: 5"),
                yaml("local: maybe", "local (run.yaml line 1)", "local: maybe"),
                yaml("no_wait: yes stays a string", "no_wait", "no_wait: yes"),
                yaml("memory in words", "resources.memory_limit", "resources:\n  memory_limit: lots"),
                yaml("cpu limit as a string", "resources.cpu_limit", "resources:\n  cpu_limit: \"4\""),
                yaml("operation spec that is a list", "yt_operation_spec", "yt_operation_spec: [1]"),
                yaml("unknown backend", "backend", "backend: pytorch"),
                yaml("numeric yt path", "yt_path", "yt_path: 5"),
                yaml("docker auth secret with a wrong key", "docker_auth_secret.path",
                        "docker_auth_secret:\n  path: //x"),
                yaml("broken YAML syntax", "--run-config-path run.yaml line", "mesh: [1, 2\ntitle: x"),
                yaml("duplicate key", "title (run.yaml line 2): duplicate key", "title: a\ntitle: b"),
                yaml("a list instead of a mapping", "--run-config-path run.yaml", "- a\n- b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputExitsWithTwoAndOneLineNamingTheOption(Bad bad) throws IOException {
        List<String> args = new ArrayList<>();
        if (bad.yaml() != null) {
            Files.writeString(dir.resolve("run.yaml"), bad.yaml() + "\n");
            args.addAll(List.of("--run-config-path", "run.yaml", "--local", "x"));
        } else {
            args.addAll(bad.args());
        }

        CliHarness.Result result = new CliHarness(Map.of(), dir).run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.executed()).isEmpty();
        assertThat(result.err()).startsWith("tractorun: ").endsWith("\n");
        assertThat(result.err().strip()).doesNotContain("\n");
        assertThat(result.err()).contains(bad.names());
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at ai.tracto");
    }

    @Test
    void theCorpusHoldsAtLeastSixtyCases() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void theSpecsEnvExampleGetsAMessageThatPointsAtTheMissingQuote() {
        CliHarness.Result result = new CliHarness(Map.of(), dir).run("--local", "--env", SPEC_ENV_EXAMPLE, "x");

        assertThat(result.err()).isEqualTo("tractorun: --env: malformed JSON '" + SPEC_ENV_EXAMPLE + "' at column 23"
                + " (Unexpected character ('c' (code 99)): was expecting comma to separate Object entries),"
                + " expected a JSON object such as {\"name\": \"MY_VAR\", \"value\": \"123\"} or"
                + " {\"name\": \"MY_VAR\", \"cypress_path\": \"//path\"}\n");
    }

    @Test
    void aBindWithoutAColonSaysWhatFormIsExpected() {
        CliHarness.Result result = new CliHarness(Map.of(), dir).run("--local", "--bind-local", "/path/in/container", "x");

        assertThat(result.err()).isEqualTo("tractorun: --bind-local: invalid value '/path/in/container', expected"
                + " source:destination or {\"source\": \"./local_path\", \"destination\": \"/path/in/container\"}"
                + " (no ':' between source and destination)\n");
    }

    @Test
    void aNonPositiveCountNamesTheYamlKeyAndLine() throws IOException {
        Files.writeString(dir.resolve("run.yaml"), "mesh:\n  process_per_node: 0\n");

        CliHarness.Result result = new CliHarness(Map.of(), dir).run("--run-config-path", "run.yaml", "--local", "x");

        assertThat(result.err()).isEqualTo("tractorun: mesh.process_per_node (run.yaml line 2): invalid value '0',"
                + " expected a positive integer\n");
    }

    @Test
    void anUnknownFlagIsOneLineWithAPointerToHelp() {
        CliHarness.Result result = new CliHarness(Map.of(), dir).run("--mesh.nodes", "2", "x");

        assertThat(result.err()).isEqualTo("tractorun: Unknown option: '--mesh.nodes' (see tractorun --help)\n");
    }

    private static Bad flags(String name, String names, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "--local");
        all.add("x");
        return new Bad(name, all, null, names);
    }

    private static Bad complete(String name, String names, String... args) {
        return new Bad(name, List.of(args), null, names);
    }

    private static Bad yaml(String name, String names, String yaml) {
        return new Bad(name, List.of(), yaml, names);
    }
}
