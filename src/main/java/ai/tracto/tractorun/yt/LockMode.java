package ai.tracto.tractorun.yt;

import java.util.Locale;

/** Cypress lock modes. */
public enum LockMode {
    SNAPSHOT, SHARED, EXCLUSIVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
