package ai.tracto.tractorun.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The command line as given, before any value is interpreted: each flag's raw texts (one per
 * occurrence), the user's command, and the YAML file to read.
 *
 * @param values        raw texts per option; absent key = flag not given. {@link ConfigKey#COMMAND}
 *                      is never a key here, the command comes in {@code command}
 * @param command       the user's command: everything from the first positional argument on
 * @param runConfigPath the value of {@code --run-config-path}
 */
public record CliArguments(Map<ConfigKey, List<String>> values, List<String> command,
                           Optional<String> runConfigPath) {
    public CliArguments {
        EnumMap<ConfigKey, List<String>> copy = new EnumMap<>(ConfigKey.class);
        Objects.requireNonNull(values, "values").forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = java.util.Collections.unmodifiableMap(copy);
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        Objects.requireNonNull(runConfigPath, "runConfigPath");
    }
}
