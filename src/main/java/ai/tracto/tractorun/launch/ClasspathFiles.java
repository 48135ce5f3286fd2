package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.job.bind.BindPacker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's own classpath as files a job can put on its classpath, so the job always runs
 * the launcher's version of tractorun. Jars are shipped as they are; class directories (a
 * development build, tests) are zipped deterministically, so unchanged classes hash the same and
 * the upload cache reuses them.
 */
final class ClasspathFiles {
    /** The name of the single jar of a packaged tractorun in the sandbox. */
    static final String SINGLE_JAR = "tractorun.jar";

    private ClasspathFiles() {}

    /** One local file per existing entry of {@code classpath}, in order; directories zipped into {@code workDir}. */
    static List<ShippedFile> of(String classpath, Path workDir) {
        List<Path> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path) || Files.isRegularFile(path) && entry.endsWith(".jar")) {
                entries.add(path);
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException("the launcher's classpath has no jar or class directory: " + classpath);
        }
        List<ShippedFile> files = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Path entry = entries.get(i);
            String name = entries.size() == 1 ? SINGLE_JAR : "tractorun_cp_" + i + ".jar";
            Path local = entry;
            if (Files.isDirectory(entry)) {
                local = workDir.resolve(name);
                BindPacker.pack(entry, local);
            }
            files.add(new ShippedFile(local, name));
        }
        return files;
    }
}
