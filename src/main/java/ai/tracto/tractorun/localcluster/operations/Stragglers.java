package ai.tracto.tractorun.localcluster.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the processes a job left behind after its process group was killed: those that moved
 * to a session of their own and were reparented away from the job's tree. They still carry the
 * job's {@code YT_JOB_ID} in their environment, which /proc shows; this stands in for the
 * cgroup a YTsaurus node puts each job in. Without /proc (not Linux) there is nothing to do.
 */
final class Stragglers {
    private static final Logger LOG = LoggerFactory.getLogger(Stragglers.class);
    private static final Path PROC = Path.of("/proc");
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private Stragglers() {}

    /**
     * SIGKILLs every process of this user whose environment holds {@code YT_JOB_ID=<jobId>} and
     * waits (boundedly) until they are gone, so a finished job has no process left.
     */
    static void kill(String jobId) {
        if (!Files.isDirectory(PROC)) {
            return;
        }
        byte[] marker = ("YT_JOB_ID=" + jobId).getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .filter(name -> hasEntry(PROC.resolve(name).resolve("environ"), marker))
                    .map(name -> ProcessHandle.of(Long.parseLong(name)))
                    .flatMap(Optional::stream)
                    .filter(ProcessHandle::destroyForcibly)
                    .toList()
                    .forEach(Stragglers::awaitExit);
        } catch (IOException | RuntimeException e) {
            // /proc changes while we read it; a process we could not see is one we cannot kill
            LOG.debug("Incomplete scan of /proc for job {}: {}", jobId, e.toString());
        }
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Process {} of a finished job did not exit after SIGKILL", process.pid());
        }
    }

    private static boolean hasEntry(Path environ, byte[] marker) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return false; // ended meanwhile, or not ours
        }
        // environ is NUL-separated; match whole entries only
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i - start == marker.length && java.util.Arrays.equals(bytes, start, i, marker, 0, marker.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
