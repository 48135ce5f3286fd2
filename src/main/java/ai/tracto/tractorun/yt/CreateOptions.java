package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Options of {@code create}. */
public final class CreateOptions {
    private final boolean recursive;
    private final boolean ignoreExisting;
    private final boolean force;
    private final ObjectNode attributes;

    private CreateOptions(Builder b) {
        this.recursive = b.recursive;
        this.ignoreExisting = b.ignoreExisting;
        this.force = b.force;
        this.attributes = b.attributes == null ? null : b.attributes.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CreateOptions defaults() {
        return builder().build();
    }

    public boolean recursive() {
        return recursive;
    }

    public boolean ignoreExisting() {
        return ignoreExisting;
    }

    public boolean force() {
        return force;
    }

    public Optional<ObjectNode> attributes() {
        return Optional.ofNullable(attributes).map(ObjectNode::deepCopy);
    }

    public static final class Builder {
        private boolean recursive;
        private boolean ignoreExisting;
        private boolean force;
        private ObjectNode attributes;

        public Builder recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        public Builder ignoreExisting(boolean ignoreExisting) {
            this.ignoreExisting = ignoreExisting;
            return this;
        }

        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        public Builder attributes(ObjectNode attributes) {
            this.attributes = attributes;
            return this;
        }

        public CreateOptions build() {
            if (ignoreExisting && force) {
                throw new IllegalArgumentException("ignoreExisting and force cannot both be set");
            }
            return new CreateOptions(this);
        }
    }
}
