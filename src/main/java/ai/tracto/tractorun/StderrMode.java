package ai.tracto.tractorun;

import java.util.Arrays;
import java.util.Optional;

/** Whether the launcher streams job output to the local terminal. */
public enum StderrMode {
    DISABLED("disabled"),
    /** Stream the primary worker's output to the local terminal as it is produced. */
    PRIMARY("primary");

    private final String wireName;

    StderrMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<StderrMode> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
