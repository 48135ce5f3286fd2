package ai.tracto.tractorun;

import java.util.Objects;
import java.util.Optional;

/**
 * YTsaurus file attributes of a Cypress bind (the rich-path attributes of a task's
 * {@code file_paths}).
 *
 * @param executable          set the executable bit in the sandbox
 * @param format              the format a table is delivered in; absent for files
 * @param bypassArtifactCache download the file directly instead of through the node's cache
 */
public record BindAttributes(boolean executable, Optional<String> format, boolean bypassArtifactCache) {
    public BindAttributes {
        Objects.requireNonNull(format, "format");
    }

    /** Not executable, no format, through the artifact cache: what YTsaurus does by default. */
    public static BindAttributes defaults() {
        return new BindAttributes(false, Optional.empty(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private boolean executable;
        private String format;
        private boolean bypassArtifactCache;

        private Builder() {}

        public Builder executable(boolean executable) {
            this.executable = executable;
            return this;
        }

        public Builder format(String format) {
            this.format = format;
            return this;
        }

        public Builder bypassArtifactCache(boolean bypassArtifactCache) {
            this.bypassArtifactCache = bypassArtifactCache;
            return this;
        }

        public BindAttributes build() {
            return new BindAttributes(executable, Optional.ofNullable(format), bypassArtifactCache);
        }
    }
}
