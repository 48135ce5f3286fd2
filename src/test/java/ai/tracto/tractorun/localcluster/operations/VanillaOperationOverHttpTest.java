package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.testsupport.Processes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vanilla operations as any YTsaurus client sees them: through the HTTP API of the embedded cluster. */
class VanillaOperationOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private LocalCluster cluster;
    private YtClient yt;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    @AfterEach
    void stop() {
        yt.close();
        cluster.close();
    }

    @Test
    void anOperationOfEightJobsRunsAndReportsEveryJobsStderr() throws Exception {
        yt.create("file", "//tmp/hello.sh", CreateOptions.builder().recursive(true).build());
        yt.writeFile("//tmp/hello.sh",
                new ByteArrayInputStream("echo \"hello from cookie $YT_JOB_COOKIE\" >&2\n".getBytes(StandardCharsets.UTF_8)),
                false);
        String operationId = yt.startOperation("vanilla", spec(8, "bash hello.sh", "//tmp/hello.sh"));

        JsonNode finished = awaitFinished(operationId);

        assertThat(finished.path("state").asText()).isEqualTo("completed");
        assertThat(finished.path("brief_progress").path("jobs").path("completed").asInt()).isEqualTo(8);
        List<String> stderrs = new ArrayList<>();
        for (JsonNode job : yt.listJobs(operationId).path("jobs")) {
            try (InputStream stderr = yt.getJobStderr(operationId, job.path("id").asText())) {
                stderrs.add(new String(stderr.readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        }
        assertThat(stderrs).containsExactlyInAnyOrder(
                "hello from cookie 0", "hello from cookie 1", "hello from cookie 2", "hello from cookie 3",
                "hello from cookie 4", "hello from cookie 5", "hello from cookie 6", "hello from cookie 7");
        String someJob = yt.listJobs(operationId).path("jobs").get(0).path("id").asText();
        try (InputStream rest = yt.getJobStderr(operationId, someJob, "hello ".length());
             InputStream none = yt.getJobStderr(operationId, someJob, 1000)) {
            assertThat(new String(rest.readAllBytes(), StandardCharsets.UTF_8)).matches("from cookie [0-7]\n");
            assertThat(none.readAllBytes()).isEmpty();
        }
    }

    @Test
    void abortingARunningOperationLeavesNoProcessBehind() throws Exception {
        // Every job starts a grandchild and ignores SIGTERM itself: only a tree-wide kill stops it.
        String operationId = yt.startOperation("vanilla",
                spec(8, "trap '' TERM; sleep 1000 & echo started >&2; wait", null));
        assertThat(Processes.eventually(() -> runningJobs(operationId) == 8)).isTrue();
        assertThat(Processes.eventually(() -> Processes.of(operationId).size() >= 16)).isTrue();

        yt.abortOperation(operationId, "enough");

        assertThat(awaitFinished(operationId).path("state").asText()).isEqualTo("aborted");
        assertThat(Processes.eventually(() -> Processes.of(operationId).isEmpty()))
                .as("processes left: %s", Processes.describe(Processes.of(operationId)))
                .isTrue();
    }

    private int runningJobs(String operationId) {
        return yt.getOperation(operationId).path("brief_progress").path("jobs").path("running").asInt();
    }

    private JsonNode awaitFinished(String operationId) {
        JsonNode[] last = new JsonNode[1];
        Processes.eventually(() -> {
            last[0] = yt.getOperation(operationId);
            return List.of("completed", "failed", "aborted").contains(last[0].path("state").asText());
        });
        return last[0];
    }

    private static ObjectNode spec(int jobCount, String command, String file) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode task = spec.putObject("tasks").putObject("task");
        task.put("command", command).put("job_count", jobCount);
        if (file != null) {
            task.putArray("file_paths").add(file);
        }
        return spec;
    }
}
