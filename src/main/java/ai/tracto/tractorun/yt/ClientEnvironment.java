package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Client settings as YTsaurus users already have them: {@code YT_PROXY}; the token from
 * {@code YT_TOKEN}, else the token file ({@code YT_TOKEN_PATH} or {@code ~/.yt/token}), else the
 * config file; the config file is {@code YT_CONFIG_PATH} or {@code ~/.yt/config} (YSON, flat or
 * versioned with profiles).
 */
final class ClientEnvironment {
    private ClientEnvironment() {
    }

    static YtClient.Builder resolve(Map<String, String> env, Path home) {
        Path configPath = nonBlank(env.get("YT_CONFIG_PATH")).map(Path::of).orElse(home.resolve(".yt").resolve("config"));
        JsonNode config = readConfig(configPath);
        String proxy = nonBlank(env.get("YT_PROXY"))
                .or(() -> configProxy(config))
                .orElseThrow(() -> new YtConfigException("No YTsaurus proxy configured: set YT_PROXY"
                        + " (host, host:port or URL) or proxy={url=...} in " + configPath));
        YtClient.Builder builder = YtClient.builder().proxy(proxy);
        Path tokenPath = nonBlank(env.get("YT_TOKEN_PATH")).map(Path::of).orElse(home.resolve(".yt").resolve("token"));
        nonBlank(env.get("YT_TOKEN"))
                .or(() -> readToken(tokenPath))
                .or(() -> nonBlank(config.path("token").asText(null)))
                .ifPresent(builder::token);
        return builder;
    }

    /** Accepts {@code host}, {@code host:port} and URLs; plain http only for the local machine. */
    static String normalizeProxy(String proxy) {
        String value = proxy.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.contains("://")) {
            return value;
        }
        String host = value.startsWith("[") ? value.substring(0, value.indexOf(']') + 1) : value.split(":", 2)[0];
        boolean local = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return (local ? "http://" : "https://") + value;
    }

    private static Optional<String> configProxy(JsonNode config) {
        JsonNode proxy = config.path("proxy");
        if (proxy.isTextual()) {
            return nonBlank(proxy.asText());
        }
        return nonBlank(proxy.path("url").asText(null));
    }

    private static JsonNode readConfig(Path path) {
        if (!Files.isRegularFile(path)) {
            return Json.object();
        }
        JsonNode config;
        try {
            config = YsonTextReader.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new YtConfigException("Cannot read YTsaurus config " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new YtConfigException("Malformed YTsaurus config " + path + ": " + e.getMessage(), e);
        }
        if (!config.isObject()) {
            throw new YtConfigException("YTsaurus config " + path + " must be a YSON map, got " + config.getNodeType());
        }
        if (!config.has("config_version")) {
            return config;
        }
        String profile = config.path("default_profile").asText(null);
        if (profile == null) {
            throw new YtConfigException("YTsaurus config " + path + " has config_version but no default_profile");
        }
        JsonNode selected = config.path("profiles").path(profile);
        if (!selected.isObject()) {
            throw new YtConfigException("YTsaurus config " + path + ": default_profile \"" + profile
                    + "\" is not among profiles " + config.path("profiles").properties().stream()
                    .map(Map.Entry::getKey).toList());
        }
        return selected;
    }

    private static Optional<String> readToken(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return nonBlank(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new YtConfigException("Cannot read YTsaurus token file " + path + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
