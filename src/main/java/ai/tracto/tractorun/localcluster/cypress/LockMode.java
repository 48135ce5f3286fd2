package ai.tracto.tractorun.localcluster.cypress;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;

/** Cypress lock modes. */
public enum LockMode {
    SNAPSHOT, SHARED, EXCLUSIVE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static LockMode fromWireName(String name) {
        for (LockMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return mode;
            }
        }
        throw new ServerError(ErrorCodes.GENERIC, "Invalid lock mode \"" + name + "\"; expected snapshot, shared or exclusive");
    }
}
