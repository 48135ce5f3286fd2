package ai.tracto.tractorun.job;

import java.util.Objects;

/**
 * A library shipped as a zip in the sandbox, unpacked to {@code <cwd>/.tractorun/libs/<name>}
 * so that {@code import <name>} works with the libs directory on {@code PYTHONPATH}.
 */
public record LibBindArchive(String archive, String name) {
    public LibBindArchive {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(name, "name");
    }
}
