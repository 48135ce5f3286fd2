package ai.tracto.tractorun.config;

/** Names of flags that are not options of a run themselves. */
final class ConfigKeys {
    static final String RUN_CONFIG_PATH = "--run-config-path";

    private ConfigKeys() {}
}
