package ai.tracto.tractorun.job;

import java.util.Objects;

/**
 * A bind shipped as a zip in the sandbox: {@code archive} is its file name there,
 * {@code destination} where it is unpacked (relative paths are under the job's working directory).
 */
public record BindArchive(String archive, String destination) {
    public BindArchive {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(destination, "destination");
    }
}
