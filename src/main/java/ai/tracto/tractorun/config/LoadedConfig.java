package ai.tracto.tractorun.config;

import ai.tracto.tractorun.RunConfig;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A merged configuration and, for every option, which layer its value came from. */
public record LoadedConfig(RunConfig config, Map<ConfigKey, ConfigSource> sources) {
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        sources = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(sources, "sources")));
        if (sources.size() != ConfigKey.values().length) {
            throw new IllegalArgumentException("sources must name every option, got " + sources.keySet());
        }
    }

    public ConfigSource source(ConfigKey key) {
        return sources.get(key);
    }
}
