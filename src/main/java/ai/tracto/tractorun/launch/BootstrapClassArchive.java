package ai.tracto.tractorun.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Class data sharing for the bootstrap of local jobs. Each job's JVM would otherwise load and
 * verify every tractorun class it uses afresh, a few hundred milliseconds before the workers can
 * start. The first local run of a jar records a dynamic archive of those classes when its
 * bootstrap exits (kept when a job ended by itself, whether it completed or failed); later runs
 * map it.
 *
 * <p>The JVM accepts an archive only for the very jar it was recorded with (same size and
 * timestamp) and the same Java runtime. Local jobs run the launcher's own {@code java}, and every
 * sandbox copy of a cached jar node carries the time its content was stored, so the key is the
 * jar nodes' ids plus the runtime. Local jobs only: a cluster's jobs run on hosts that never saw
 * the archive.
 */
final class BootstrapClassArchive {
    /** Archives kept in the cache directory; older ones (other jars, other runtimes) are removed. */
    static final int KEPT_ARCHIVES = 3;
    private static final String SUFFIX = ".jsa";
    private static final String RECORDING_SUFFIX = ".recording";
    private static final String QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off";

    private final Path directory;
    private final String key;

    private BootstrapClassArchive(Path directory, String key) {
        this.directory = directory;
        this.key = key;
    }

    /**
     * The archive for jobs that run the jars with these Cypress node ids on the launcher's own
     * Java runtime, kept under {@code cacheDirectory}.
     */
    static BootstrapClassArchive forLocalJobs(Path cacheDirectory, List<String> jarNodeIds) {
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        String runtime = System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version");
        return new BootstrapClassArchive(cacheDirectory.resolve("bootstrap-cds"),
                FileHashes.ofText(String.join("\n", jarNodeIds) + "\n" + runtime));
    }

    Path archive() {
        return directory.resolve(key + SUFFIX);
    }

    /**
     * The bootstrap's JVM options, as shell words: map the archive when there is one, else record
     * it at exit into a file of the job's own ({@code $YT_JOB_ID}), never one another job writes.
     * Empty when the cache directory cannot be made: the jobs then simply start without it.
     */
    String shellOptions() {
        if (!recording()) {
            return JobCommand.quote("-XX:SharedArchiveFile=" + archive()) + " " + QUIET;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            return "";
        }
        return JobCommand.quote("-XX:ArchiveClassesAtExit=" + directory.resolve(key + ".")) + "\"$YT_JOB_ID\""
                + JobCommand.quote(RECORDING_SUFFIX) + " " + QUIET;
    }

    /** Whether the jobs of this launch record the archive (there was none when it was shipped). */
    boolean recording() {
        return !Files.isRegularFile(archive());
    }

    /**
     * After the jobs have ended: the recording of a job that ended by itself (completed or failed,
     * so its JVM finished writing the archive before it exited; an aborted job may have been killed
     * in the middle) becomes the archive, moved into place whole so that a concurrent launch never
     * maps half a file. Every other recording of this key is removed, and so are archives beyond
     * the {@value #KEPT_ARCHIVES} most recent.
     */
    void settle(Set<String> jobsThatEndedByThemselves) {
        List<Path> recordings = filesEndingWith(key + ".", RECORDING_SUFFIX);
        if (recording()) {
            recordings.stream()
                    .filter(file -> jobsThatEndedByThemselves.contains(jobIdOf(file)))
                    .filter(BootstrapClassArchive::nonEmpty)
                    .findFirst()
                    .ifPresent(this::moveIntoPlace);
        }
        recordings.forEach(BootstrapClassArchive::deleteQuietly);
        List<Path> archives = new ArrayList<>(filesEndingWith("", SUFFIX));
        archives.sort(Comparator.comparing(BootstrapClassArchive::modified).reversed());
        archives.stream().skip(KEPT_ARCHIVES).forEach(BootstrapClassArchive::deleteQuietly);
    }

    private String jobIdOf(Path recording) {
        String name = recording.getFileName().toString();
        return name.substring(key.length() + 1, name.length() - RECORDING_SUFFIX.length());
    }

    private void moveIntoPlace(Path recording) {
        try {
            Files.move(recording, archive(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another launch moved its recording in first, or the directory went away: no archive this time.
            deleteQuietly(recording);
        }
    }

    private List<Path> filesEndingWith(String prefix, String suffix) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(suffix)) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static boolean nonEmpty(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover is removed by a later launch.
        }
    }
}
