package ai.tracto.tractorun.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHashesTest {
    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path temp;

    @Test
    void computesTheSha256OfTheBytes() throws IOException {
        assertThat(FileHashes.compute(Files.writeString(temp.resolve("abc"), "abc"))).isEqualTo(SHA256_OF_ABC);
        assertThat(FileHashes.ofText("abc")).isEqualTo(SHA256_OF_ABC);
    }

    @Test
    void theHashOfAnUnchangedLastingFileIsReadBackInsteadOfComputed() throws IOException {
        Path memo = temp.resolve("memo");
        Path jar = Files.writeString(temp.resolve("tractorun.jar"), "abc");
        assertThat(new FileHashes(memo).ofLasting(jar)).isEqualTo(SHA256_OF_ABC);
        Path entry = onlyEntry(memo);
        // Proof that a later launch reads the entry: what it holds is what comes back.
        String planted = "0".repeat(64);
        Files.writeString(entry, planted + "\n");

        assertThat(new FileHashes(memo).ofLasting(jar)).isEqualTo(planted);
    }

    @Test
    void aRewrittenFileIsHashedAgainEvenAtTheSameSize() throws IOException {
        Path memo = temp.resolve("memo");
        Path jar = Files.writeString(temp.resolve("tractorun.jar"), "aaa");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        new FileHashes(memo).ofLasting(jar);

        Files.writeString(jar, "abc");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));

        assertThat(new FileHashes(memo).ofLasting(jar)).isEqualTo(SHA256_OF_ABC);
    }

    @Test
    void anotherFileWithTheSameTimesIsHashedOnItsOwn() throws IOException {
        Path memo = temp.resolve("memo");
        FileTime time = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Path first = Files.writeString(temp.resolve("a.jar"), "xyz");
        Path second = Files.writeString(temp.resolve("b.jar"), "abc");
        Files.setLastModifiedTime(first, time);
        Files.setLastModifiedTime(second, time);

        new FileHashes(memo).ofLasting(first);

        assertThat(new FileHashes(memo).ofLasting(second)).isEqualTo(SHA256_OF_ABC);
    }

    @Test
    void anEntryThatIsNoHashIsIgnored() throws IOException {
        Path memo = temp.resolve("memo");
        Path jar = Files.writeString(temp.resolve("tractorun.jar"), "abc");
        new FileHashes(memo).ofLasting(jar);
        Files.writeString(onlyEntry(memo), "garbage");

        assertThat(new FileHashes(memo).ofLasting(jar)).isEqualTo(SHA256_OF_ABC);
    }

    private static Path onlyEntry(Path memo) throws IOException {
        try (Stream<Path> entries = Files.list(memo)) {
            List<Path> all = entries.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
