package ai.tracto.tractorun.cli;

import java.util.Locale;
import java.util.Map;

/**
 * Log levels of the command-line tools, set once in {@code main} before the first logger exists:
 * {@code YT_LOG_LEVEL} (error, warn, info, debug, trace) sets the level; without it tractorun
 * logs warnings, and an embedded cluster running inside the launcher only errors, since the
 * launcher already tells the user what matters in its own words.
 */
final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    static void configure(Map<String, String> env) {
        String level = env.getOrDefault("YT_LOG_LEVEL", "").strip().toLowerCase(Locale.ROOT);
        boolean explicit = !level.isEmpty();
        setIfAbsent(PREFIX + "defaultLogLevel", explicit ? level : "warn");
        if (!explicit) {
            setIfAbsent(PREFIX + "log.ai.tracto.tractorun.localcluster", "error");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
