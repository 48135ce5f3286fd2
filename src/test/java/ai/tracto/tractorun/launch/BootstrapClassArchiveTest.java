package ai.tracto.tractorun.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapClassArchiveTest {
    @TempDir
    Path cache;

    @Test
    void withoutAnArchiveEachJobRecordsOneIntoAFileOfItsOwn() throws Exception {
        BootstrapClassArchive archive = BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4"));

        List<String> words = shellWords(archive.shellOptions(), "job-7");

        assertThat(words).containsExactly("-XX:ArchiveClassesAtExit=" + recording(archive, "job-7"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        assertThat(archive.archive().getParent()).isDirectory();
    }

    @Test
    void theRecordingOfAJobThatEndedByItselfBecomesTheArchiveAndLaterRunsMapIt() throws Exception {
        BootstrapClassArchive archive = BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4"));
        archive.shellOptions();
        Path aborted = Files.writeString(recording(archive, "job-1"), "half");
        Path failed = Files.writeString(recording(archive, "job-2"), "classes");

        archive.settle(Set.of("job-2", "job-3"));

        assertThat(archive.archive()).hasContent("classes");
        assertThat(aborted).doesNotExist();
        assertThat(failed).doesNotExist();
        assertThat(archive.recording()).isFalse();
        assertThat(shellWords(archive.shellOptions(), "job-4")).containsExactly(
                "-XX:SharedArchiveFile=" + archive.archive(), "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    @Test
    void whenNoJobEndedByItselfThereIsNoArchiveAndNoRecordingIsLeft() throws Exception {
        BootstrapClassArchive archive = BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4"));
        archive.shellOptions();
        Path killed = Files.writeString(recording(archive, "job-1"), "half");

        archive.settle(Set.of());

        assertThat(archive.archive()).doesNotExist();
        assertThat(killed).doesNotExist();
        assertThat(archive.recording()).isTrue();
    }

    @Test
    void anEmptyRecordingNeverBecomesTheArchive() throws Exception {
        BootstrapClassArchive archive = BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4"));
        archive.shellOptions();
        Files.createFile(recording(archive, "job-1"));

        archive.settle(Set.of("job-1"));

        assertThat(archive.archive()).doesNotExist();
        assertThat(archive.archive().getParent()).isEmptyDirectory();
    }

    @Test
    void anotherJarNodeHasAnotherArchive() {
        assertThat(BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4")).archive())
                .isNotEqualTo(BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-5")).archive())
                .isEqualTo(BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4")).archive());
    }

    @Test
    void settlingKeepsOnlyTheMostRecentArchives() throws Exception {
        Path directory = Files.createDirectories(
                BootstrapClassArchive.forLocalJobs(cache, List.of("0")).archive().getParent());
        for (int i = 0; i < 5; i++) {
            Path old = Files.writeString(directory.resolve("old-" + i + ".jsa"), "classes");
            Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i)));
        }
        BootstrapClassArchive archive = BootstrapClassArchive.forLocalJobs(cache, List.of("1-2-3-4"));
        archive.shellOptions();
        Files.writeString(recording(archive, "job-1"), "classes");

        archive.settle(Set.of("job-1"));

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    archive.archive().getFileName().toString(), "old-4.jsa", "old-3.jsa");
        }
    }

    @Test
    void aCacheDirectoryThatCannotBeMadeMeansNoOptions() throws IOException {
        Path notADirectory = Files.writeString(cache.resolve("file"), "x");

        assertThat(BootstrapClassArchive.forLocalJobs(notADirectory, List.of("1-2-3-4")).shellOptions()).isEmpty();
    }

    /** Where the job {@code jobId} records the archive. */
    private static Path recording(BootstrapClassArchive archive, String jobId) {
        String name = archive.archive().getFileName().toString();
        return archive.archive().resolveSibling(name.substring(0, name.length() - ".jsa".length()) + "." + jobId
                + ".recording");
    }

    /** The words a POSIX shell makes of {@code options} in a job whose id is {@code jobId}. */
    private static List<String> shellWords(String options, String jobId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c",
                "for w in " + options + "; do printf '%s\\n' \"$w\"; done");
        builder.environment().put("YT_JOB_ID", jobId);
        Process shell = builder.redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output.lines().toList();
    }
}
