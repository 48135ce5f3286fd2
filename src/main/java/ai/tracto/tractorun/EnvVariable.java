package ai.tracto.tractorun;

import java.util.Objects;
import java.util.Optional;

/**
 * An environment variable for every worker: either a literal value, or the content of a
 * Cypress node that is read inside the job (never by the launcher).
 */
public record EnvVariable(String name, Optional<String> value, Optional<String> cypressPath) {
    public EnvVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(cypressPath, "cypressPath");
        if (value.isPresent() == cypressPath.isPresent()) {
            throw new TractorunConfigException("env",
                    "variable " + name + " needs exactly one of value and cypress_path");
        }
    }

    public static EnvVariable ofValue(String name, String value) {
        return new EnvVariable(name, Optional.of(value), Optional.empty());
    }

    public static EnvVariable fromCypress(String name, String cypressPath) {
        return new EnvVariable(name, Optional.empty(), Optional.of(cypressPath));
    }
}
