package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.RestartPolicy;
import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.Version;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapConfigTest {
    private static final String FULL = """
            { "version": "0.1.0", "yt_path": "//tmp/x",
              "mesh": {"node_count":2,"process_per_node":2,"gpu_per_process":1},
              "command": ["python3","main.py"],
              "env": [{"name":"A","value":"1"},{"name":"B","cypress_path":"//s"}],
              "user_config": {"lr": 0.1},
              "sidecars": [{"command":["sh","-c","true"],"restart_policy":"on_failure"}],
              "binds": [{"archive":"bind_0.zip","destination":"data"}],
              "lib_binds": [{"archive":"lib_0.zip","name":"mylib"}],
              "operation_log_mode": "realtime_yt_table", "proxy_stderr_mode": "primary", "backend": "torch",
              "barrier_timeout_seconds": 30, "cluster_config": {"a": 1} }
            """;

    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        Path file = dir.resolve("bootstrap.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsEveryKeyOfTheLaunchersFile() throws Exception {
        BootstrapConfig config = BootstrapConfig.read(write(FULL));

        assertThat(config.version()).isEqualTo("0.1.0");
        assertThat(config.ytPath()).isEqualTo("//tmp/x");
        assertThat(config.mesh().nodeCount()).isEqualTo(2);
        assertThat(config.mesh().processPerNode()).isEqualTo(2);
        assertThat(config.mesh().gpuPerProcess()).isEqualTo(1);
        assertThat(config.command()).containsExactly("python3", "main.py");
        assertThat(config.env()).containsExactly(EnvVariable.ofValue("A", "1"), EnvVariable.fromCypress("B", "//s"));
        assertThat(config.userConfig()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("{\"lr\":0.1}"));
        assertThat(config.sidecars()).containsExactly(new Sidecar(List.of("sh", "-c", "true"), RestartPolicy.ON_FAILURE));
        assertThat(config.binds()).containsExactly(new BindArchive("bind_0.zip", "data"));
        assertThat(config.libBinds()).containsExactly(new LibBindArchive("lib_0.zip", "mylib"));
        assertThat(config.operationLogMode()).isEqualTo(OperationLogMode.REALTIME_YT_TABLE);
        assertThat(config.proxyStderrMode()).isEqualTo(StderrMode.PRIMARY);
        assertThat(config.backend()).isEqualTo(Backend.TORCH);
        assertThat(config.barrierTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.clusterConfig()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("{\"a\":1}"));
    }

    @Test
    void optionalKeysTakeTheirDefaults() throws Exception {
        BootstrapConfig config = BootstrapConfig.read(write("""
                {"version":"0.1.0","yt_path":"//tmp/x","mesh":{"node_count":1,"process_per_node":1},
                 "command":["true"],"user_config":null,"cluster_config":null}
                """));

        assertThat(config.mesh().gpuPerProcess()).isZero();
        assertThat(config.env()).isEmpty();
        assertThat(config.sidecars()).isEmpty();
        assertThat(config.binds()).isEmpty();
        assertThat(config.libBinds()).isEmpty();
        assertThat(config.userConfig()).isEmpty();
        assertThat(config.clusterConfig()).isEmpty();
        assertThat(config.operationLogMode()).isEqualTo(OperationLogMode.DEFAULT);
        assertThat(config.proxyStderrMode()).isEqualTo(StderrMode.DISABLED);
        assertThat(config.backend()).isEqualTo(Backend.GENERIC);
        assertThat(config.barrierTimeout()).isEqualTo(BootstrapConfig.DEFAULT_BARRIER_TIMEOUT);
    }

    @Test
    void toJsonIsReadBackAsTheSameConfig() throws Exception {
        BootstrapConfig config = BootstrapConfig.read(write(FULL));

        BootstrapConfig again = BootstrapConfig.read(write(new ObjectMapper().writeValueAsString(config.toJson())));

        assertThat(again).isEqualTo(config);
    }

    @Test
    void aBadRestartPolicyIsNamedWithTheAllowedValues() throws Exception {
        Path file = write(FULL.replace("\"on_failure\"", "\"sometimes\""));

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .isInstanceOf(BootstrapException.class)
                .hasMessage("bootstrap config " + file + ": sidecars[0].restart_policy must be one of"
                        + " always, on_failure, never, fail; got 'sometimes'");
    }

    @Test
    void anUnknownKeyIsRejectedByName() throws Exception {
        Path file = write(FULL.replace("\"version\"", "\"extra\": 1, \"version\""));

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .isInstanceOf(BootstrapException.class)
                .hasMessageContaining("unknown key(s) [extra]");
    }

    @Test
    void aMissingRequiredKeyIsNamed() throws Exception {
        Path file = write(FULL.replace("\"yt_path\": \"//tmp/x\",", ""));

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .hasMessage("bootstrap config " + file + ": yt_path is required");
    }

    @Test
    void aWrongTypeNamesTheKeyAndTheValue() throws Exception {
        Path file = write(FULL.replace("\"node_count\":2", "\"node_count\":\"two\""));

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .hasMessage("bootstrap config " + file + ": mesh.node_count must be an integer, got string \"two\"");
    }

    @Test
    void anEnvEntryWithBothValueAndCypressPathIsRejected() throws Exception {
        Path file = write(FULL.replace("{\"name\":\"A\",\"value\":\"1\"}",
                "{\"name\":\"A\",\"value\":\"1\",\"cypress_path\":\"//a\"}"));

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .hasMessage("bootstrap config " + file + ": env[0] (A) needs exactly one of value and cypress_path");
    }

    @Test
    void aLibNameWithASlashIsRejected() throws Exception {
        Path file = write(FULL.replace("\"mylib\"", "\"../evil\""));

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .hasMessage("bootstrap config " + file + ": lib_binds[0].name must be a single path segment, got '../evil'");
    }

    @Test
    void aMissingFileIsReportedByPath() {
        Path file = dir.resolve("absent.json");

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .isInstanceOf(BootstrapException.class)
                .hasMessage("bootstrap config " + file + " does not exist");
    }

    @Test
    void invalidJsonIsReportedAsSuch() throws Exception {
        Path file = write("{ not json");

        assertThatThrownBy(() -> BootstrapConfig.read(file))
                .hasMessageStartingWith("bootstrap config " + file + " is not valid JSON: ");
    }

    @Test
    void aVersionMismatchNamesBothVersions() {
        assertThatThrownBy(() -> VersionCheck.requireSameVersion("0.1.0", "0.2.0"))
                .isInstanceOf(BootstrapException.class)
                .hasMessage("tractorun version mismatch: the launcher is 0.1.0 but the bootstrap in the job is 0.2.0;"
                        + " run the job with the jar the launcher uploaded");
    }

    @Test
    void theCurrentVersionPassesTheCheck() throws Exception {
        BootstrapConfig config = BootstrapConfig.read(write(FULL.replace("\"0.1.0\"", "\"" + Version.current() + "\"")));

        VersionCheck.requireSameVersion(config);
    }
}
