package ai.tracto.tractorun.job.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.job.WorkerEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindPackerTest {
    @TempDir
    Path tmp;
    Path source;
    Path jobDir;

    @BeforeEach
    void makeSource() throws Exception {
        source = tmp.resolve("src");
        Files.createDirectories(source.resolve("bin"));
        Files.createDirectories(source.resolve("empty"));
        Files.writeString(source.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(source.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(source.resolve("data.txt"), "data");
        Files.setPosixFilePermissions(source.resolve("data.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        jobDir = tmp.resolve("job");
        Files.createDirectories(jobDir);
    }

    @Test
    void aDirectoryRoundTripsWithContentEmptyDirectoriesAndExecBits() throws Exception {
        Path archive = tmp.resolve("bind.zip");
        BindPacker.pack(source, archive);

        Path target = new BindUnpacker(jobDir).unpack(archive, "data");

        assertThat(target).isEqualTo(jobDir.resolve("data"));
        assertThat(Files.readString(target.resolve("bin/run.sh"))).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(Files.readString(target.resolve("data.txt"))).isEqualTo("data");
        assertThat(target.resolve("empty")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("data.txt"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void aSingleFileIsUnpackedAtTheDestinationPathItselfKeepingItsExecBit() throws Exception {
        Path archive = tmp.resolve("file.zip");
        BindPacker.pack(source.resolve("bin/run.sh"), archive);

        Path target = new BindUnpacker(jobDir).unpack(archive, "tools/start.sh");

        assertThat(target).isEqualTo(jobDir.resolve("tools/start.sh"));
        assertThat(Files.readString(target)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(Files.isExecutable(target)).isTrue();
    }

    @Test
    void anAbsoluteDestinationIsTakenAsGiven() throws Exception {
        Path archive = tmp.resolve("bind.zip");
        BindPacker.pack(source, archive);
        Path absolute = tmp.resolve("elsewhere").toAbsolutePath();

        Path target = new BindUnpacker(jobDir).unpack(archive, absolute.toString());

        assertThat(target).isEqualTo(absolute);
        assertThat(absolute.resolve("data.txt")).hasContent("data");
    }

    @Test
    void aLibraryIsUnpackedUnderTheLibsDirectoryByName() throws Exception {
        Path archive = tmp.resolve("lib.zip");
        BindPacker.pack(source, archive);

        Path target = new BindUnpacker(jobDir).unpackLib(archive, "mylib");

        assertThat(target).isEqualTo(WorkerEnvironment.libsDir(jobDir).resolve("mylib"));
        assertThat(target.resolve("data.txt")).hasContent("data");
    }

    @Test
    void identicalContentGivesIdenticalBytesWhateverTheModificationTimes() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        BindPacker.pack(source, first);
        Files.setLastModifiedTime(source.resolve("data.txt"), FileTime.from(Instant.parse("2011-05-05T10:00:00Z")));
        Files.setLastModifiedTime(source.resolve("bin"), FileTime.from(Instant.parse("2019-01-01T00:00:00Z")));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        BindPacker.pack(source, second);

        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
    }

    @Test
    void changedContentGivesDifferentBytes() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        BindPacker.pack(source, first);
        Files.writeString(source.resolve("data.txt"), "dat4");
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        BindPacker.pack(source, second);

        assertThat(second.toByteArray()).isNotEqualTo(first.toByteArray());
    }

    @Test
    void anEntryEscapingTheDestinationRejectsTheArchiveBeforeWritingAnything() throws Exception {
        Path archive = tmp.resolve("evil.zip");
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("tractorun-bind:directory");
            zip.putNextEntry(new ZipEntry("fine.txt"));
            zip.write("ok".getBytes());
            zip.putNextEntry(new ZipEntry("../escaped.txt"));
            zip.write("evil".getBytes());
        }

        assertThatThrownBy(() -> new BindUnpacker(jobDir).unpack(archive, "data"))
                .isInstanceOf(BindArchiveException.class)
                .hasMessage("bind archive " + archive + " has entry '../escaped.txt' that would be written outside "
                        + jobDir.toAbsolutePath().resolve("data"));
        assertThat(jobDir.resolve("escaped.txt")).doesNotExist();
        assertThat(jobDir.resolve("data/fine.txt")).doesNotExist();
    }

    @Test
    void anArchiveNotMadeByThePackerIsRejected() throws Exception {
        Path archive = tmp.resolve("foreign.zip");
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a.txt"));
        }

        assertThatThrownBy(() -> new BindUnpacker(jobDir).unpack(archive, "data"))
                .hasMessage("bind archive " + archive + " was not made by tractorun's bind packer");
    }

    @Test
    void aMissingSourceIsNamed() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> BindPacker.pack(missing, new ByteArrayOutputStream()))
                .hasMessage("bind source " + missing + " does not exist");
    }
}
