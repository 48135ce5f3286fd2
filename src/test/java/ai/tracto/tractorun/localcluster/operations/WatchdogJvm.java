package ai.tracto.tractorun.localcluster.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A throwaway cluster JVM for {@link JobWatchdogTest}: starts one job that runs {@code sleep}
 * plus a grandchild, prints the operation id, and waits to be killed.
 */
public final class WatchdogJvm {
    private WatchdogJvm() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        VanillaScheduler scheduler = new VanillaScheduler(root, new TestFileStore(root.resolve("cypress")),
                Duration.ofSeconds(1));
        ObjectNode spec = (ObjectNode) new ObjectMapper().readTree(
                "{\"tasks\": {\"t\": {\"job_count\": 1, \"command\": \"bash -c 'sleep 1000' & sleep 1000; wait\"}}}");
        String id = scheduler.startOperation("vanilla", spec, Optional.empty(), "root");
        System.out.println(id);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
