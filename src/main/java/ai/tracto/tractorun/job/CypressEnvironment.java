package ai.tracto.tractorun.job;

import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code env} entries that name a {@code cypress_path}. This happens in the job, never
 * in the launcher, so secrets kept in Cypress reach the workers without passing through the
 * operation spec. A string node gives its text; a file its content (UTF-8); any other value its
 * JSON text.
 */
public final class CypressEnvironment {
    /** What a value is read through: {@link #of(YtClient)} in a job, a map in tests. */
    @FunctionalInterface
    public interface Reader {
        /** The value at {@code path}, or empty when there is no such node. */
        Optional<String> read(String path);
    }

    private CypressEnvironment() {}

    /**
     * The value of every entry with a {@code cypress_path}, by variable name.
     *
     * @throws BootstrapException naming the variable and the path when the node does not exist
     */
    public static Map<String, String> resolve(List<EnvVariable> env, Reader reader) {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvVariable variable : env) {
            if (variable.cypressPath().isEmpty()) {
                continue;
            }
            String path = variable.cypressPath().get();
            String value = reader.read(path).orElseThrow(() -> new BootstrapException("env variable "
                    + variable.name() + " reads Cypress path " + path + ", which does not exist"));
            values.put(variable.name(), value);
        }
        return values;
    }

    /** Reads through the client: {@code get}, and {@code read_file} for a file node. */
    public static Reader of(YtClient client) {
        return path -> {
            JsonNode value;
            try {
                value = client.get(path);
            } catch (YtException e) {
                if (e.isResolveError()) {
                    return Optional.empty();
                }
                throw e;
            }
            if (value.isTextual()) {
                return Optional.of(value.asText());
            }
            if (value.isNull() && client.get(path + "/@type").asText().equals("file")) {
                try (InputStream in = client.readFile(path)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read file " + path, e);
                }
            }
            return Optional.of(value.toString());
        };
    }
}
