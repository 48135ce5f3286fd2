package ai.tracto.tractorun.yt;

import java.util.Objects;
import java.util.Optional;

/** Options of {@code lock}: mode (exclusive by default), waitable, child or attribute key (shared only). */
public final class LockOptions {
    private final LockMode mode;
    private final boolean waitable;
    private final String childKey;
    private final String attributeKey;

    private LockOptions(Builder b) {
        this.mode = b.mode;
        this.waitable = b.waitable;
        this.childKey = b.childKey;
        this.attributeKey = b.attributeKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static LockOptions defaults() {
        return builder().build();
    }

    public LockMode mode() {
        return mode;
    }

    public boolean waitable() {
        return waitable;
    }

    public Optional<String> childKey() {
        return Optional.ofNullable(childKey);
    }

    public Optional<String> attributeKey() {
        return Optional.ofNullable(attributeKey);
    }

    public static final class Builder {
        private LockMode mode = LockMode.EXCLUSIVE;
        private boolean waitable;
        private String childKey;
        private String attributeKey;

        public Builder mode(LockMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder waitable(boolean waitable) {
            this.waitable = waitable;
            return this;
        }

        public Builder childKey(String childKey) {
            this.childKey = childKey;
            return this;
        }

        public Builder attributeKey(String attributeKey) {
            this.attributeKey = attributeKey;
            return this;
        }

        public LockOptions build() {
            if ((childKey != null || attributeKey != null) && mode != LockMode.SHARED) {
                throw new IllegalArgumentException(
                        "childKey/attributeKey require mode SHARED, got mode " + mode);
            }
            return new LockOptions(this);
        }
    }
}
