package ai.tracto.tractorun.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The token jobs get through {@code secure_vault.YT_TOKEN}: the same sources, in the same order,
 * as the client's ({@code YT_TOKEN}, else the file at {@code YT_TOKEN_PATH} or {@code ~/.yt/token}).
 */
final class Tokens {
    private Tokens() {}

    static Optional<String> resolve(LaunchEnvironment environment) {
        Optional<String> fromVariable = environment.variable("YT_TOKEN").map(String::strip);
        if (fromVariable.isPresent()) {
            return fromVariable;
        }
        Path file = environment.variable("YT_TOKEN_PATH").map(Path::of)
                .orElse(environment.home().resolve(".yt").resolve("token"));
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                return token.isEmpty() ? Optional.empty() : Optional.of(token);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
