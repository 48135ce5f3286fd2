package ai.tracto.tractorun.job.bind;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs a file or a directory into a bind archive for {@link BindUnpacker}. Output is a pure
 * function of names, contents and permission bits: entries sorted, timestamps fixed, owner
 * dropped. So identical content gives identical bytes and the launcher's content-addressed
 * upload cache can skip an upload it already made.
 */
public final class BindPacker {
    /** A fixed entry time; local time on purpose, so the bytes do not depend on the time zone. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private BindPacker() {}

    /** Packs {@code source} (a file or a directory, symlinks followed) into {@code archive}. */
    public static void pack(Path source, Path archive) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive))) {
            pack(source, out);
        } catch (IOException e) {
            throw new BindArchiveException("cannot write bind archive " + archive + ": " + e.getMessage(), e);
        }
    }

    /** Packs {@code source} into {@code out}; {@code out} is finished but not closed. */
    public static void pack(Path source, OutputStream out) {
        if (!Files.exists(source)) {
            throw new BindArchiveException("bind source " + source + " does not exist");
        }
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            if (Files.isDirectory(source)) {
                zip.setComment(BindKind.DIRECTORY.comment());
                for (Path path : sortedContent(source)) {
                    String name = relativeName(source, path);
                    if (Files.isDirectory(path)) {
                        putDirectory(zip, name + "/", path);
                    } else {
                        putFile(zip, name, path);
                    }
                }
            } else {
                zip.setComment(BindKind.FILE.comment());
                putFile(zip, source.getFileName().toString(), source);
            }
            zip.finish();
            out.flush();
        } catch (IOException e) {
            throw new BindArchiveException("cannot pack bind source " + source + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> sortedContent(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            // Sorting by the zip name (not Path order) makes the order independent of the platform.
            return paths.filter(p -> !p.equals(root))
                    .sorted((a, b) -> relativeName(root, a).compareTo(relativeName(root, b)))
                    .collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String relativeName(Path root, Path path) {
        return zipName(root.relativize(path));
    }

    private static void putDirectory(ZipOutputStream zip, String name, Path path) throws IOException {
        ZipEntry entry = newEntry(name, UnixModeField.DIRECTORY | modeOf(path, 0755));
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(0);
        entry.setCompressedSize(0);
        entry.setCrc(0);
        zip.putNextEntry(entry);
        zip.closeEntry();
    }

    private static void putFile(ZipOutputStream zip, String name, Path path) throws IOException {
        zip.putNextEntry(newEntry(name, UnixModeField.REGULAR_FILE | modeOf(path, 0644)));
        Files.copy(path, zip);
        zip.closeEntry();
    }

    private static ZipEntry newEntry(String name, int mode) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(FIXED_TIME);
        entry.setExtra(UnixModeField.encode(mode));
        return entry;
    }

    private static int modeOf(Path path, int fallback) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return fallback;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        return UnixModeField.permissionBits(permissions);
    }

    /** Zip names always use '/', whatever the platform's separator. */
    private static String zipName(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }
}
