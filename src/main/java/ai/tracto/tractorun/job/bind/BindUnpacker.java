package ai.tracto.tractorun.job.bind;

import ai.tracto.tractorun.job.BindArchive;
import ai.tracto.tractorun.job.BootstrapConfig;
import ai.tracto.tractorun.job.LibBindArchive;
import ai.tracto.tractorun.job.WorkerEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks bind archives made by {@link BindPacker} inside the job. Relative destinations are
 * under the job's working directory, absolute ones are taken as given. Permission bits are
 * restored (so shipped scripts stay executable), and an entry that would land outside its
 * destination ("zip slip": {@code ../x}, absolute names) fails the whole archive before anything
 * is written.
 */
public final class BindUnpacker {
    private final Path jobDir;

    public BindUnpacker(Path jobDir) {
        this.jobDir = jobDir.toAbsolutePath().normalize();
    }

    /** Unpacks every bind and lib bind of {@code config}; archives are looked up in the job directory. */
    public List<Path> unpackAll(BootstrapConfig config) {
        List<Path> unpacked = new ArrayList<>();
        for (BindArchive bind : config.binds()) {
            unpacked.add(unpack(jobDir.resolve(bind.archive()), bind.destination()));
        }
        for (LibBindArchive lib : config.libBinds()) {
            unpacked.add(unpackLib(jobDir.resolve(lib.archive()), lib.name()));
        }
        return unpacked;
    }

    /** Unpacks a library to {@code <jobDir>/.tractorun/libs/<name>}; returns that directory. */
    public Path unpackLib(Path archive, String name) {
        Path libs = WorkerEnvironment.libsDir(jobDir);
        Path target = libs.resolve(name).normalize();
        if (!target.getParent().equals(libs)) {
            throw new BindArchiveException("library name must be a single path segment, got '" + name + "'");
        }
        return unpackTo(archive, target);
    }

    /**
     * Unpacks {@code archive} to {@code destination}: the file itself for a single-file bind,
     * the directory to fill for a directory bind. Returns the absolute destination.
     */
    public Path unpack(Path archive, String destination) {
        return unpackTo(archive, jobDir.resolve(destination).normalize());
    }

    private Path unpackTo(Path archive, Path target) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BindKind kind = BindKind.fromComment(Optional.ofNullable(zip.getComment()).orElse(""))
                    .orElseThrow(() -> new BindArchiveException(
                            "bind archive " + archive + " was not made by tractorun's bind packer"));
            List<? extends ZipEntry> entries = Collections.list(entriesOf(zip));
            if (kind == BindKind.FILE) {
                if (entries.size() != 1 || entries.get(0).isDirectory()) {
                    throw new BindArchiveException("single-file bind archive " + archive
                            + " must hold exactly one file, holds " + entries.size() + " entries");
                }
                writeFile(zip, entries.get(0), target);
                return target;
            }
            Map<ZipEntry, Path> placed = placeAll(archive, target, entries);
            Files.createDirectories(target);
            List<Map.Entry<ZipEntry, Path>> directories = new ArrayList<>();
            for (Map.Entry<ZipEntry, Path> entry : placed.entrySet()) {
                if (entry.getKey().isDirectory()) {
                    Files.createDirectories(entry.getValue());
                    directories.add(entry);
                } else {
                    writeFile(zip, entry.getKey(), entry.getValue());
                }
            }
            // Directory modes last and deepest first: a read-only directory must not stop its own filling.
            Collections.reverse(directories);
            for (Map.Entry<ZipEntry, Path> directory : directories) {
                applyMode(directory.getKey(), directory.getValue());
            }
            return target;
        } catch (IOException e) {
            throw new BindArchiveException("cannot unpack bind archive " + archive + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<ZipEntry> entriesOf(ZipFile zip) {
        return (Enumeration<ZipEntry>) zip.entries();
    }

    private static Map<ZipEntry, Path> placeAll(Path archive, Path target, List<? extends ZipEntry> entries) {
        Map<ZipEntry, Path> placed = new LinkedHashMap<>();
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            Path destination = target.resolve(name).normalize();
            if (name.startsWith("/") || name.contains("\\") || !destination.startsWith(target)
                    || destination.equals(target)) {
                throw new BindArchiveException("bind archive " + archive + " has entry '" + name
                        + "' that would be written outside " + target);
            }
            placed.put(entry, destination);
        }
        return placed;
    }

    private static void writeFile(ZipFile zip, ZipEntry entry, Path destination) throws IOException {
        Files.createDirectories(destination.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        applyMode(entry, destination);
    }

    private static void applyMode(ZipEntry entry, Path path) throws IOException {
        Optional<Set<PosixFilePermission>> permissions = UnixModeField.permissionsOf(entry.getExtra());
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (permissions.isPresent() && view != null) {
            view.setPermissions(permissions.get());
        }
    }
}
