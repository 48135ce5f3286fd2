package ai.tracto.tractorun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunConfigTest {
    @Test
    void anUnsetYtPathIsAFreshDirectoryUnderTmpTractorunAndNamesTheTitle() {
        RunConfig config = RunConfig.builder().command("x").build();

        assertThat(config.ytPath()).matches("//tmp/tractorun/[0-9a-f-]{36}");
        assertThat(config.title()).isEqualTo("Tractorun " + config.ytPath());
        assertThat(RunConfig.builder().command("x").build().ytPath()).isNotEqualTo(config.ytPath());
    }

    @Test
    void jsonPartsCannotBeChangedFromOutside() {
        ObjectNode spec = new ObjectMapper().createObjectNode().put("title", "a");
        RunConfig config = RunConfig.builder().command("x").ytPath("//p").ytOperationSpec(spec).build();

        spec.put("title", "changed");
        config.ytOperationSpec().orElseThrow().put("title", "changed too");

        assertThat(config.ytOperationSpec().orElseThrow().get("title").textValue()).isEqualTo("a");
    }

    @Test
    void toBuilderRoundTrips() {
        RunConfig config = RunConfig.builder().command("python3", "m.py").ytPath("//p").dockerImage("i")
                .mesh(Mesh.builder().nodeCount(2).pool("p").build())
                .addEnv(EnvVariable.ofValue("A", "1")).addBindCypress(new BindCypress("//s", "d"))
                .resources(Resources.builder().memoryLimit(5).build()).local(true).backend(Backend.JAX).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> Mesh.builder().nodeCount(0).build())
                .isInstanceOf(TractorunConfigException.class)
                .hasMessage("mesh.node_count: invalid value '0', expected an integer of at least 1");
        assertThatThrownBy(() -> Resources.builder().cpuLimit(-1).build())
                .hasMessage("resources.cpu_limit: invalid value '-1.0', expected a positive number of CPU cores");
        assertThatThrownBy(() -> RunConfig.builder().ytPath("tmp/x").build())
                .hasMessage("yt_path: invalid value 'tmp/x', expected a Cypress path starting with //");
        assertThatThrownBy(() -> new BindLocal("", "d"))
                .hasMessage("bind_local.source: invalid value '', expected a non-empty path");
        assertThatThrownBy(() -> new EnvVariable("A", Optional.empty(), Optional.empty()))
                .isInstanceOf(TractorunConfigException.class);
    }

    @Test
    void publicAccessorsNeverReturnNull() {
        RunConfig config = RunConfig.builder().ytPath("//p").build();

        assertThat(config.dockerImage()).isEmpty();
        assertThat(config.userConfig()).isEmpty();
        assertThat(config.dockerAuthSecret()).isEmpty();
        assertThat(config.ytOperationSpec()).isEmpty();
        assertThat(config.ytTaskSpec()).isEmpty();
        assertThat(config.resources().cpuLimit()).isEmpty();
        assertThat(config.command()).isEqualTo(List.of());
    }
}
