package ai.tracto.tractorun.toolbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One element of the classpath shipped to Java workers: a local jar ({@code file}) and the
 * name it gets in the job's sandbox, unique and ordered like the caller's classpath.
 */
public record ClasspathEntry(Path file, String sandboxName) {
    public ClasspathEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sandboxName, "sandboxName");
        if (sandboxName.isEmpty() || sandboxName.contains("/")) {
            throw new IllegalArgumentException("sandbox name must be one path segment, got '" + sandboxName + "'");
        }
    }
}
