package ai.tracto.tractorun.config;

/** Where the effective value of an option came from, highest precedence first. */
public enum ConfigSource {
    CLI("cli"),
    YAML("yaml"),
    ENV("env"),
    DEFAULT("default");

    private final String wireName;

    ConfigSource(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in the dry-run report. */
    public String wireName() {
        return wireName;
    }
}
