package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults inside a running job on the embedded cluster, through {@code tractorun --local} in its
 * own JVM: a worker killed by SIGKILL, sidecars that keep crashing. Each run must end with the
 * right code and leave no process behind.
 */
@Timeout(300)
class WorkerFaultsTest {
    @TempDir
    Path root;
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    private final String marker = "31.7" + ProcessHandle.current().pid() + System.nanoTime() % 100000;

    @AfterEach
    void noProcessIsLeft() throws InterruptedException {
        try {
            ChildLauncher.await("the run's processes to be gone", () -> ChildLauncher.processesWith(marker).isEmpty());
        } finally {
            ChildLauncher.killAll(marker);
        }
    }

    private ChildLauncher launch(String... args) throws Exception {
        return ChildLauncher.start(home, scratch.resolve("logs"), Map.of("TRACTORUN_LOCAL_ROOT", root.toString()),
                List.of(args));
    }

    @Test
    void aWorkerKilledBySigkillFailsTheRunWithCode137AndStopsItsPeers() throws Exception {
        Path pid = scratch.resolve("rank1.pid");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            ChildLauncher run = launch("--local", "--mesh.process-per-node", "2", "bash", "-c",
                    "if [ \"$RANK\" = 1 ]; then echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid + "; fi;"
                            + " exec sleep " + marker);
            ChildLauncher.await("rank 1 to start", () -> Files.exists(pid));

            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow().destroyForcibly();

            assertThat(run.awaitExit()).as(run.err()).isEqualTo(137);
            assertThat(run.err()).contains("rank 1").contains("137");
        }
    }

    @Test
    void aSidecarCrashingWithPolicyFailFailsTheRun() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            ChildLauncher run = launch("--local", "--sidecar",
                    "{\"command\": [\"bash\", \"-c\", \"sleep 0.5; exit 3\"], \"restart_policy\": \"fail\"}",
                    "sleep", marker);

            int code = run.awaitExit();

            assertThat(code).as(run.err()).isEqualTo(3);
            assertThat(run.err()).contains("sidecar 0");
        }
    }

    @Test
    void aSidecarCrashLoopingWithPolicyAlwaysIsRestartedWithBackOffAndTheRunSucceeds() throws Exception {
        Path starts = scratch.resolve("sidecar-starts");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            ChildLauncher run = launch("--local", "--sidecar",
                    "{\"command\": [\"bash\", \"-c\", \"echo start >> " + starts + "; exit 1\"],"
                            + " \"restart_policy\": \"always\"}",
                    "bash", "-c", "while [ \"$(wc -l < " + starts + " 2>/dev/null || echo 0)\" -lt 3 ]; do sleep 0.1;"
                            + " done; sleep 2 # " + marker);

            assertThat(run.awaitExit()).as(run.err()).isZero();
            long restarts = Files.readAllLines(starts).size();
            // Without back-off a sidecar that dies at once restarts hundreds of times in two seconds.
            assertThat(restarts).isBetween(3L, 15L);
        }
    }
}
