package ai.tracto.tractorun.localcluster.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VanillaSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aFullSpecIsParsedWithDefaults() {
        VanillaSpec spec = VanillaSpec.parse(spec("""
                {"title": "t", "started_by": {"user": "me"}, "is_gang": true, "time_limit": 1000,
                 "tasks": {"w": {"command": "run", "job_count": 2, "port_count": 3,
                   "environment": {"A": "1"}, "layer_paths": [], "job_time_limit": 5,
                   "file_paths": ["//tmp/a.py",
                     {"$value": "//tmp/b", "$attributes": {"file_name": "c.sh", "executable": true, "bypass_artifact_cache": true}}]}}}
                """));

        assertThat(spec.maxFailedJobCount()).isEqualTo(10);
        assertThat(spec.failOnJobRestart()).isFalse();
        assertThat(spec.timeLimit()).contains(java.time.Duration.ofSeconds(1));
        assertThat(spec.unenforcedOptions()).containsExactly("layer_paths", "job_time_limit");
        TaskSpec task = spec.tasks().get(0);
        assertThat(task).isEqualTo(new TaskSpec("w", "run", 2,
                List.of(new FileArtifact("//tmp/a.py", "a.py", false), new FileArtifact("//tmp/b", "c.sh", true)),
                Map.of("A", "1"), 3, 5L * 1024 * 1024, false));
    }

    @Test
    void onlyVanillaOperationsAreAccepted() {
        try (VanillaScheduler scheduler = new VanillaScheduler(temp, new TestFileStore(temp.resolve("c")))) {
            assertThatThrownBy(() -> scheduler.startOperation("map", spec("{}"), Optional.empty(), "root"))
                    .isInstanceOfSatisfying(ServerError.class, e -> assertThat(e.code()).isEqualTo(1))
                    .hasMessage("Operation type \"map\" is not supported by the embedded cluster;"
                            + " only \"vanilla\" operations run locally");
        }
    }

    @Test
    void tasksAreRequired() {
        assertRejected("{}", "Error parsing operation spec: Missing required parameter \"/tasks\" in vanilla operation spec");
    }

    @Test
    void tasksMustBeANonEmptyMap() {
        assertRejected("{\"tasks\": {}}",
                "Error parsing operation spec: \"/tasks\" must be a non-empty map of task name to task spec, got {}");
        assertRejected("{\"tasks\": [1]}",
                "Error parsing operation spec: \"/tasks\" must be a non-empty map of task name to task spec, got [1]");
    }

    @Test
    void aTaskNeedsAStringCommand() {
        assertRejected("{\"tasks\": {\"t\": {\"job_count\": 1}}}",
                "Error parsing operation spec: Missing required parameter \"/tasks/t/command\"");
        assertRejected("{\"tasks\": {\"t\": {\"job_count\": 1, \"command\": [\"ls\"]}}}",
                "Error parsing operation spec: \"/tasks/t/command\" must be a string, got [\"ls\"]");
    }

    @Test
    void jobCountMustBeAtLeastOne() {
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\"}}}",
                "Error parsing operation spec: Missing required parameter \"/tasks/t/job_count\"");
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 0}}}",
                "Error parsing operation spec: \"/tasks/t/job_count\" must be at least 1, got 0");
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": \"2\"}}}",
                "Error parsing operation spec: \"/tasks/t/job_count\" must be an integer, got \"2\"");
    }

    @Test
    void portCountIsLimitedToFifty() {
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 1, \"port_count\": 51}}}",
                "Error parsing operation spec: \"/tasks/t/port_count\" must be in range [0, 50], got 51");
    }

    @Test
    void maxStderrCountIsLimitedTo150() {
        assertRejected("{\"max_stderr_count\": 151, \"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 1}}}",
                "Error parsing operation spec: \"/max_stderr_count\" must be in range [0, 150], got 151");
    }

    @Test
    void unknownKeysAreRejectedNotIgnored() {
        assertRejected("{\"mapper\": {}, \"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 1}}}",
                "Error parsing operation spec: Unsupported key \"mapper\" in \"spec\": the embedded cluster"
                        + " does not implement it and will not ignore it silently");
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 1, \"input_format\": \"json\"}}}",
                "Error parsing operation spec: Unsupported key \"input_format\" in \"/tasks/t\": the embedded"
                        + " cluster does not implement it and will not ignore it silently");
    }

    @Test
    void filePathsMustBeYPathsOrRichYPaths() {
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 1, \"file_paths\": [1]}}}",
                "Error parsing operation spec: \"/tasks/t/file_paths/0\" must be a YPath string or"
                        + " {\"$value\": path, \"$attributes\": {...}}, got 1");
        assertRejected("""
                {"tasks": {"t": {"command": "x", "job_count": 1,
                  "file_paths": [{"$value": "//a", "$attributes": {"append": true}}]}}}""",
                "Error parsing operation spec: Unsupported key \"append\" in \"/tasks/t/file_paths/0/@\": the"
                        + " embedded cluster does not implement it and will not ignore it silently");
        assertRejected("""
                {"tasks": {"t": {"command": "x", "job_count": 1, "file_paths": ["//a/x", "//b/x"]}}}""",
                "Error parsing operation spec: Duplicate file name \"x\" in \"/tasks/t/file_paths\"");
    }

    @Test
    void environmentValuesMustBeStrings() {
        assertRejected("{\"tasks\": {\"t\": {\"command\": \"x\", \"job_count\": 1, \"environment\": {\"A\": 1}}}}",
                "Error parsing operation spec: \"/tasks/t/environment/A\" must be a string, got 1");
    }

    @Test
    void optionsThatCannotApplyLocallyAreAcceptedAndListed() {
        VanillaSpec spec = VanillaSpec.parse(spec("""
                {"pool": "p", "pool_trees": ["gpu"], "tasks": {"t": {"command": "x", "job_count": 1,
                  "docker_image": "i", "gpu_limit": 8, "cpu_limit": 4, "memory_limit": 1000}}}
                """));

        assertThat(spec.unenforcedOptions())
                .containsExactly("pool", "pool_trees", "docker_image", "gpu_limit", "cpu_limit", "memory_limit");
    }

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> VanillaSpec.parse(spec(json)))
                .isInstanceOfSatisfying(ServerError.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessage(message);
    }

    private static ObjectNode spec(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
