package ai.tracto.tractorun.toolbox;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Prepares the caller's classpath for the workers: jars are shipped as they are, class
 * directories are packed into jars. The packing is deterministic (sorted entries, fixed times,
 * no owner or permission data), so an unchanged directory gives byte-identical jars and the
 * launcher's content-addressed cache uploads it once.
 */
public final class ClasspathPackager {
    /** The DOS epoch: zip entries get this time so the archive does not depend on when it was built. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private ClasspathPackager() {
    }

    /** The entries of {@code java.class.path}, in order. */
    public static List<Path> currentClasspath() {
        String classpath = System.getProperty("java.class.path", "");
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
    }

    /**
     * The shippable form of {@code classpath}: existing jars as they are and directories
     * packed into jars under {@code workDir}; entries that do not exist are skipped, as the JVM
     * skips them. Sandbox names keep the classpath order: {@code cp-000-<name>.jar}, ...
     */
    public static List<ClasspathEntry> pack(List<Path> classpath, Path workDir) {
        List<ClasspathEntry> entries = new ArrayList<>();
        for (Path element : classpath) {
            String prefix = String.format("cp-%03d-", entries.size());
            if (Files.isDirectory(element)) {
                String name = prefix + safeName(element) + ".jar";
                Path jar = workDir.resolve(name);
                packDirectory(element, jar);
                entries.add(new ClasspathEntry(jar, name));
            } else if (Files.isRegularFile(element)) {
                String name = prefix + safeName(element);
                entries.add(new ClasspathEntry(element, name.endsWith(".jar") || name.endsWith(".zip")
                        ? name : name + ".jar"));
            }
        }
        return List.copyOf(entries);
    }

    /** The worker's classpath: the sandbox names, relative to the job's working directory. */
    public static String workerClasspath(List<ClasspathEntry> entries) {
        return entries.stream().map(ClasspathEntry::sandboxName).collect(Collectors.joining(":"));
    }

    /** Packs the files under {@code directory} into the jar {@code target}, deterministically. */
    public static void packDirectory(Path directory, Path target) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(path -> !path.equals(directory)).sorted((a, b) -> entryName(directory, a)
                    .compareTo(entryName(directory, b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list class directory " + directory, e);
        }
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Path path : paths) {
                boolean isDirectory = Files.isDirectory(path);
                ZipEntry entry = new ZipEntry(entryName(directory, path) + (isDirectory ? "/" : ""));
                entry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(entry);
                if (!isDirectory) {
                    Files.copy(path, zip);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack class directory " + directory + " into " + target, e);
        }
    }

    private static String entryName(Path root, Path path) {
        return root.relativize(path).toString().replace(File.separatorChar, '/');
    }

    private static String safeName(Path element) {
        Path fileName = element.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? "root" : fileName.toString();
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
