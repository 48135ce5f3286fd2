package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathPackagerTest {
    @TempDir
    Path dir;

    @Test
    void jarsShipAsTheyAreDirectoriesArePackedAndMissingEntriesAreSkipped() throws IOException {
        Path jar = Files.write(dir.resolve("lib.jar"), new byte[] {1, 2, 3});
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.createDirectories(classes.resolve("com/example"));
        Files.writeString(classes.resolve("com/example/Main.class"), "main");
        Path work = Files.createDirectories(dir.resolve("work"));

        List<ClasspathEntry> entries = ClasspathPackager.pack(
                List.of(jar, dir.resolve("missing"), classes), work);

        assertThat(entries).containsExactly(
                new ClasspathEntry(jar, "cp-000-lib.jar"),
                new ClasspathEntry(work.resolve("cp-001-classes.jar"), "cp-001-classes.jar"));
        assertThat(zipEntries(work.resolve("cp-001-classes.jar")))
                .containsExactly("com/", "com/example/", "com/example/Main.class");
        assertThat(ClasspathPackager.workerClasspath(entries)).isEqualTo("cp-000-lib.jar:cp-001-classes.jar");
    }

    @Test
    void packingTheSameDirectoryTwiceGivesIdenticalBytesWhateverTheFileTimes() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("B.class"), "b");
        Files.createDirectories(classes.resolve("a"));
        Files.writeString(classes.resolve("a/A.class"), "a");

        ClasspathPackager.packDirectory(classes, dir.resolve("first.jar"));
        Files.setLastModifiedTime(classes.resolve("B.class"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
        ClasspathPackager.packDirectory(classes, dir.resolve("second.jar"));

        assertThat(Files.readAllBytes(dir.resolve("second.jar"))).isEqualTo(Files.readAllBytes(dir.resolve("first.jar")));
        assertThat(zipEntries(dir.resolve("first.jar"))).containsExactly("B.class", "a/", "a/A.class");
    }

    @Test
    void currentClasspathListsThisJvmsEntries() {
        assertThat(ClasspathPackager.currentClasspath()).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.toString()).isNotEmpty());
    }

    private static List<String> zipEntries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
