package ai.tracto.tractorun;

import java.util.Arrays;
import java.util.Optional;

/** Where worker and sidecar output goes besides the job's stderr. */
public enum OperationLogMode {
    DEFAULT("default"),
    /** Also write every line to tables under {@code <yt_path>/logs}. */
    REALTIME_YT_TABLE("realtime_yt_table");

    private final String wireName;

    OperationLogMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<OperationLogMode> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
