package ai.tracto.tractorun;

import java.util.Objects;

/**
 * A local file or directory shipped with the job.
 *
 * @param source      a path on this host, relative to the working directory or absolute
 * @param destination where it appears in the job: absolute (a path in the container) or
 *                    relative (to the job's working directory)
 */
public record BindLocal(String source, String destination) {
    public BindLocal {
        requireNonEmpty(source, "bind_local.source");
        requireNonEmpty(destination, "bind_local.destination");
    }

    static void requireNonEmpty(String value, String option) {
        Objects.requireNonNull(value, option);
        if (value.isBlank()) {
            throw new TractorunConfigException(option, value, "a non-empty path");
        }
    }
}
