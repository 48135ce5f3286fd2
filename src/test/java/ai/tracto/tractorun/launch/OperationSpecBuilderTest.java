package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindAttributes;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.Resources;
import ai.tracto.tractorun.RunConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OperationSpecBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final LaunchFacts FACTS = new LaunchFacts("java -cp tractorun.jar Main bootstrap.json",
            List.of(FilePaths.file("//cache/ab", "tractorun.jar")), Map.of("YT_PROXY", "http://proxy"),
            JSON.createObjectNode().put("YT_TOKEN", "secret-token"));

    private static RunConfig.Builder config() {
        return RunConfig.builder().command("python3", "main.py").ytPath("//tmp/run").dockerImage("image");
    }

    @Test
    void theTaskHasOneJobPerNodeOnePortPerProcessPlusTheBarrierPortAndEveryGpuOfItsProcesses() {
        ObjectNode spec = OperationSpecBuilder.build(config()
                .mesh(Mesh.builder().nodeCount(3).processPerNode(4).gpuPerProcess(2).build()).build(), FACTS);

        JsonNode task = spec.path("tasks").path("task");
        assertThat(task.path("job_count").intValue()).isEqualTo(3);
        assertThat(task.path("port_count").intValue()).isEqualTo(5);
        assertThat(task.path("gpu_limit").intValue()).isEqualTo(8);
        assertThat(spec.path("tasks").size()).isEqualTo(1);
    }

    @Test
    void theSpecCarriesTheLaunchFactsAsGiven() {
        ObjectNode spec = OperationSpecBuilder.build(config().build(), FACTS);

        JsonNode task = spec.path("tasks").path("task");
        assertThat(task.path("command").textValue()).isEqualTo("java -cp tractorun.jar Main bootstrap.json");
        assertThat(task.path("environment")).isEqualTo(json("{\"YT_PROXY\": \"http://proxy\"}"));
        assertThat(task.path("file_paths")).isEqualTo(
                json("[{\"$value\": \"//cache/ab\", \"$attributes\": {\"file_name\": \"tractorun.jar\"}}]"));
        assertThat(spec.path("secure_vault").path("YT_TOKEN").textValue()).isEqualTo("secret-token");
    }

    @Test
    void limitsAndPlacementAppearOnlyWhenConfigured() {
        ObjectNode bare = OperationSpecBuilder.build(RunConfig.builder().command("x").ytPath("//tmp/run").build(), FACTS);
        assertThat(bare.has("pool")).isFalse();
        assertThat(bare.has("pool_trees")).isFalse();
        assertThat(bare.path("tasks").path("task").has("cpu_limit")).isFalse();
        assertThat(bare.path("tasks").path("task").has("memory_limit")).isFalse();
        assertThat(bare.path("tasks").path("task").has("docker_image")).isFalse();

        ObjectNode full = OperationSpecBuilder.build(config()
                .mesh(Mesh.builder().pool("research").poolTrees("gpu_h100").build())
                .resources(Resources.builder().cpuLimit(2.5).memoryLimit(1024).build()).build(), FACTS);
        assertThat(full.path("pool").textValue()).isEqualTo("research");
        assertThat(full.path("pool_trees")).isEqualTo(json("[\"gpu_h100\"]"));
        assertThat(full.path("tasks").path("task").path("cpu_limit").doubleValue()).isEqualTo(2.5);
        assertThat(full.path("tasks").path("task").path("memory_limit").longValue()).isEqualTo(1024);
        assertThat(full.path("tasks").path("task").path("docker_image").textValue()).isEqualTo("image");
    }

    @Test
    void theOperationIsAGangThatFailsOnJobRestartAndIsMarkedAsTractorun() {
        ObjectNode spec = OperationSpecBuilder.build(config().build(), FACTS);

        assertThat(spec.path("title").textValue()).isEqualTo("Tractorun //tmp/run");
        assertThat(spec.path("is_gang").booleanValue()).isTrue();
        assertThat(spec.path("fail_on_job_restart").booleanValue()).isTrue();
        assertThat(spec.path("annotations")).isEqualTo(json("{\"is_tractorun\": true}"));
        assertThat(spec.path("max_stderr_count").intValue()).isEqualTo(150);
    }

    @Test
    void userSpecsAreDeepMergedAndWin() {
        ObjectNode spec = OperationSpecBuilder.build(config()
                .ytOperationSpec((ObjectNode) json("{\"fail_on_job_restart\": false, \"annotations\": {\"team\": \"ml\"}}"))
                .ytTaskSpec((ObjectNode) json("{\"port_count\": 7, \"environment\": {\"EXTRA\": \"1\"}}"))
                .build(), FACTS);

        assertThat(spec.path("fail_on_job_restart").booleanValue()).isFalse();
        assertThat(spec.path("annotations")).isEqualTo(json("{\"is_tractorun\": true, \"team\": \"ml\"}"));
        assertThat(spec.path("tasks").path("task").path("port_count").intValue()).isEqualTo(7);
        assertThat(spec.path("tasks").path("task").path("environment"))
                .isEqualTo(json("{\"YT_PROXY\": \"http://proxy\", \"EXTRA\": \"1\"}"));
    }

    @Test
    void maskingHidesEverySecureVaultValueAndLeavesTheOriginalAlone() {
        ObjectNode spec = OperationSpecBuilder.build(config().build(), FACTS);

        ObjectNode masked = OperationSpecBuilder.masked(spec);

        assertThat(masked.path("secure_vault")).isEqualTo(json("{\"YT_TOKEN\": \"***\"}"));
        assertThat(masked.toString()).doesNotContain("secret-token");
        assertThat(spec.path("secure_vault").path("YT_TOKEN").textValue()).isEqualTo("secret-token");
    }

    @Test
    void aCypressBindBecomesARichPathWithItsAttributes() {
        ObjectNode path = FilePaths.cypressBind(new BindCypress("//tmp/t", "t.json",
                BindAttributes.builder().executable(true).format("json").build()));

        assertThat(path).isEqualTo(json("{\"$value\": \"//tmp/t\", \"$attributes\": {\"file_name\": \"t.json\","
                + " \"executable\": true, \"format\": \"json\", \"bypass_artifact_cache\": false}}"));
        assertThat(FilePaths.fileName(path)).isEqualTo("t.json");
    }

    @Test
    void dryRunFactsNameEveryUploadAndHideWhatOnlyTheLaunchKnows() {
        RunConfig config = config().addBindLocal(new ai.tracto.tractorun.BindLocal("a", "b"))
                .addBindLocalLib("lib").dockerAuthSecret(new ai.tracto.tractorun.DockerAuthSecret("//s")).build();

        LaunchFacts facts = DryRunLaunchFacts.forConfig(config);

        assertThat(facts.jobCommand())
                .isEqualTo(JobCommand.render(List.of("tractorun.jar"), Optional.of("tractorun-java-runtime.tar.gz"),
                        List.of(), Optional.empty()))
                .endsWith("exec $tractorun_locale \"$tractorun_java\" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
                        + " -XX:-UsePerfData -cp 'tractorun.jar' ai.tracto.tractorun.job.BootstrapMain bootstrap.json\n");
        assertThat(facts.filePaths()).extracting(FilePaths::fileName).containsExactly(
                "tractorun.jar", "tractorun-java-runtime.tar.gz", "bind_0.zip", "lib_0.zip");
        assertThat(facts.environment()).containsEntry(JobCommand.CONFIG_VARIABLE,
                DryRunLaunchFacts.BOOTSTRAP_CONFIG_AT_LAUNCH);
        assertThat(facts.secureVault().has("YT_TOKEN")).isTrue();
        assertThat(facts.secureVault().has("docker_auth")).isTrue();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
