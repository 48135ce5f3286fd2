package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher killed by SIGKILL mid-run, against an embedded cluster started by this test (so
 * the cluster outlives the launcher, as a real one does): nobody aborts anything, yet the
 * launcher's transaction expires, which aborts the operation and stops its processes.
 */
@Timeout(300)
class LauncherKilledTest {
    @TempDir
    Path root;
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    @Test
    void aLauncherKilledMidRunLeavesNoOperationRunningAndNoProcess() throws Exception {
        String marker = "32.7" + ProcessHandle.current().pid();
        Path started = scratch.resolve("started");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            ChildLauncher run = ChildLauncher.start(home, scratch.resolve("logs"),
                    Map.of("TRACTORUN_LOCAL_ROOT", root.toString()),
                    List.of("--local", "--yt-path", "//tmp/killed-launcher", "--mesh.process-per-node", "2",
                            "bash", "-c", "touch " + started + "; exec sleep " + marker));
            try {
                ChildLauncher.await("the workers to start", () -> Files.exists(started));
                Matcher id = Pattern.compile("started operation (\\S+)").matcher(run.err());
                assertThat(id.find()).as(run.err()).isTrue();
                String operationId = id.group(1);
                String transactionId = yt.getOperation(operationId).path("user_transaction_id").asText();
                assertThat(transactionId).isNotEmpty();

                run.kill();

                ChildLauncher.await("the operation to be aborted",
                        () -> yt.getOperation(operationId).path("state").asText().equals("aborted"));
                assertThat(yt.exists("#" + transactionId)).isFalse();
                ChildLauncher.await("the workers to be gone", () -> ChildLauncher.processesWith(marker).isEmpty());
            } finally {
                run.kill();
                ChildLauncher.killAll(marker);
            }
        }
    }
}
