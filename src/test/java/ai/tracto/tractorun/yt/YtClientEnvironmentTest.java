package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.RecordingServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proxy and token resolution from the environment, the token file and the YSON config file. */
class YtClientEnvironmentTest {
    @TempDir
    Path home;

    private RecordingServer server;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        Files.createDirectories(home.resolve(".yt"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The Authorization header a client from this environment sends, or null. */
    private String sentAuthorization() throws Exception {
        server.enqueue(Response.json("{\"value\":true}"));
        try (YtClient client = YtClient.fromEnvironment(env, home)) {
            client.exists("//a");
        }
        return server.takeRequest().header("Authorization");
    }

    @Test
    void proxyAndTokenFromEnvironment() throws Exception {
        env.put("YT_PROXY", server.url().toString());
        env.put("YT_TOKEN", "env-token");
        Files.writeString(home.resolve(".yt/token"), "file-token");

        assertThat(YtClient.fromEnvironment(env, home).proxyUrl()).isEqualTo(server.url());
        assertThat(sentAuthorization()).isEqualTo("OAuth env-token");
    }

    @Test
    void tokenFileIsUsedWithoutYtTokenAndStripped() throws Exception {
        env.put("YT_PROXY", server.url().toString());
        Files.writeString(home.resolve(".yt/token"), "  file-token\n");
        Files.writeString(home.resolve(".yt/config"), "{token=\"config-token\"}");

        assertThat(sentAuthorization()).isEqualTo("OAuth file-token");
    }

    @Test
    void tokenPathFromEnvironmentOverridesTheDefaultFile() throws Exception {
        env.put("YT_PROXY", server.url().toString());
        Path custom = home.resolve("custom-token");
        Files.writeString(custom, "custom\n");
        Files.writeString(home.resolve(".yt/token"), "default");
        env.put("YT_TOKEN_PATH", custom.toString());

        assertThat(sentAuthorization()).isEqualTo("OAuth custom");
    }

    @Test
    void configFileProvidesProxyAndTokenLast() throws Exception {
        Files.writeString(home.resolve(".yt/config"),
                "{proxy={url=\"" + server.url() + "\"}; token=\"config-token\"}");

        assertThat(YtClient.fromEnvironment(env, home).proxyUrl()).isEqualTo(server.url());
        assertThat(sentAuthorization()).isEqualTo("OAuth config-token");
    }

    @Test
    void theResolvedTokenIsWhatTheClientHandsToJobs() throws Exception {
        Files.writeString(home.resolve(".yt/config"),
                "{proxy={url=\"" + server.url() + "\"}; token=\"config-token\"}");

        try (YtClient client = YtClient.fromEnvironment(env, home)) {
            assertThat(client.token()).contains("config-token");
            assertThat(client.toString()).doesNotContain("config-token");
        }
        env.remove("YT_CONFIG_PATH");
        Files.delete(home.resolve(".yt/config"));
        env.put("YT_PROXY", server.url().toString());
        try (YtClient client = YtClient.fromEnvironment(env, home)) {
            assertThat(client.token()).isEmpty();
        }
    }

    @Test
    void configProxyMayBeAPlainString() throws Exception {
        Files.writeString(home.resolve(".yt/config"), "{proxy=\"cluster.example.com\"}");

        assertThat(YtClient.fromEnvironment(env, home).proxyUrl().toString()).isEqualTo("https://cluster.example.com");
    }

    @Test
    void versionedConfigUsesTheDefaultProfile() throws Exception {
        Path config = home.resolve("elsewhere.yson");
        Files.writeString(config, "{config_version=2; default_profile=work; profiles={"
                + "home={proxy={url=\"home.example.com\"}}; work={proxy={url=\"" + server.url() + "\"}; token=w}}}");
        env.put("YT_CONFIG_PATH", config.toString());

        assertThat(YtClient.fromEnvironment(env, home).proxyUrl()).isEqualTo(server.url());
        assertThat(sentAuthorization()).isEqualTo("OAuth w");
    }

    @Test
    void environmentProxyWinsOverTheConfig() {
        env.put("YT_PROXY", "localhost:1234");
        assertThat(YtClient.fromEnvironment(env, home).proxyUrl().toString()).isEqualTo("http://localhost:1234");
    }

    @Test
    void noTokenAnywhereSendsNoAuthorization() throws Exception {
        env.put("YT_PROXY", server.url().toString());

        assertThat(sentAuthorization()).isNull();
    }

    @Test
    void missingProxyIsAConfigError() {
        assertThatThrownBy(() -> YtClient.fromEnvironment(env, home))
                .isInstanceOf(YtConfigException.class)
                .hasMessage("No YTsaurus proxy configured: set YT_PROXY (host, host:port or URL) or proxy={url=...} in "
                        + home.resolve(".yt/config"));
    }

    @Test
    void malformedConfigIsAConfigErrorNamingTheFile() throws Exception {
        Files.writeString(home.resolve(".yt/config"), "{proxy=");

        assertThatThrownBy(() -> YtClient.fromEnvironment(env, home))
                .isInstanceOf(YtConfigException.class)
                .hasMessageStartingWith("Malformed YTsaurus config " + home.resolve(".yt/config") + ": YSON syntax error");
    }

    @Test
    void unknownDefaultProfileIsAConfigError() throws Exception {
        Files.writeString(home.resolve(".yt/config"), "{config_version=2; default_profile=x; profiles={a={}}}");

        assertThatThrownBy(() -> YtClient.fromEnvironment(env, home))
                .isInstanceOf(YtConfigException.class)
                .hasMessage("YTsaurus config " + home.resolve(".yt/config") + ": default_profile \"x\" is not among profiles [a]");
    }
}
