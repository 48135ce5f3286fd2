package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launches started together on one {@code yt_path}: the primary lock lets one incarnation
 * run at a time, both runs finish, and each incarnation holds its own operation's nodes only.
 */
@Timeout(300)
class RacingLaunchesTest {
    @TempDir
    Path root;
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    @Test
    void twoLaunchesOnOneTrainingDirectoryBothFinishAsIncarnationsNAndNPlusOne() throws Exception {
        String marker = "33.1" + ProcessHandle.current().pid();
        String ytPath = "//tmp/raced";
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            List<String> args = List.of("--local", "--yt-path", ytPath, "--mesh.node-count", "2", "bash", "-c",
                    "sleep 1; true # " + marker);
            ChildLauncher first = ChildLauncher.start(home, scratch.resolve("logs"),
                    Map.of("TRACTORUN_LOCAL_ROOT", root.toString()), args);
            ChildLauncher second = ChildLauncher.start(home, scratch.resolve("logs"),
                    Map.of("TRACTORUN_LOCAL_ROOT", root.toString()), args);
            try {
                assertThat(first.awaitExit()).as(first.err()).isZero();
                assertThat(second.awaitExit()).as(second.err()).isZero();
            } finally {
                first.kill();
                second.kill();
                ChildLauncher.killAll(marker);
            }

            assertThat(yt.get(ytPath + "/@incarnation_id").asLong()).isEqualTo(1);
            JsonNode zero = yt.get(ytPath + "/incarnations/00000/@");
            JsonNode one = yt.get(ytPath + "/incarnations/00001/@");
            assertThat(zero.path("incarnation_operation_id").asText())
                    .isNotEqualTo(one.path("incarnation_operation_id").asText());
            assertThat(zero.path("incarnation_transaction_id").asText())
                    .isNotEqualTo(one.path("incarnation_transaction_id").asText());
            for (JsonNode incarnation : List.of(zero, one)) {
                String operationId = incarnation.path("incarnation_operation_id").asText();
                List<String> ownJobs = yt.listJobs(operationId).path("jobs").findValuesAsText("id");
                assertThat(incarnation.path("topology")).hasSize(2);
                for (JsonNode member : incarnation.path("topology")) {
                    assertThat(ownJobs).contains(member.path("job_id").asText());
                }
            }
            ChildLauncher.await("the workers to be gone", () -> ChildLauncher.processesWith(marker).isEmpty());
        }
    }
}
