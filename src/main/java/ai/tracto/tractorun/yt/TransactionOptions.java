package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Options of {@code startTransaction}: timeout (30 s by default), attributes, automatic pinging (on by default). */
public final class TransactionOptions {
    private final Duration timeout;
    private final ObjectNode attributes;
    private final boolean pinging;

    private TransactionOptions(Builder b) {
        this.timeout = b.timeout;
        this.attributes = b.attributes == null ? null : b.attributes.deepCopy();
        this.pinging = b.pinging;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TransactionOptions defaults() {
        return builder().build();
    }

    public Duration timeout() {
        return timeout;
    }

    public Optional<ObjectNode> attributes() {
        return Optional.ofNullable(attributes).map(ObjectNode::deepCopy);
    }

    public boolean pinging() {
        return pinging;
    }

    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(30);
        private ObjectNode attributes;
        private boolean pinging = true;

        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder attributes(ObjectNode attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder pinging(boolean pinging) {
            this.pinging = pinging;
            return this;
        }

        public TransactionOptions build() {
            return new TransactionOptions(this);
        }
    }
}
