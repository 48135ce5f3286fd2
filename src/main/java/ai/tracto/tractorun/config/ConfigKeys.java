package ai.tracto.tractorun.config;

/** Names of flags that are not options of a run themselves. */
public final class ConfigKeys {
    public static final String RUN_CONFIG_PATH = "--run-config-path";

    private ConfigKeys() {}
}
