package ai.tracto.tractorun;

import java.util.Arrays;
import java.util.Optional;

/** What the supervisor does when a sidecar process exits. */
public enum RestartPolicy {
    /** Restart the sidecar whenever it exits. */
    ALWAYS("always"),
    /** Restart the sidecar only when it exits with a non-zero code. */
    ON_FAILURE("on_failure"),
    /** Never restart the sidecar. */
    NEVER("never"),
    /** Fail the whole node (and so the operation) when the sidecar fails. */
    FAIL("fail");

    private final String wireName;

    RestartPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in YAML, JSON and on the command line. */
    public String wireName() {
        return wireName;
    }

    public static Optional<RestartPolicy> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
