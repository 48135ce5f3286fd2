package ai.tracto.tractorun.launch;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchEnvironmentTest {
    private static LaunchEnvironment with(Map<String, String> env) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new LaunchEnvironment(env, Path.of("/home/u"), Path.of("/projects/run"), sink, sink, false);
    }

    @Test
    void theLocalRootDefaultsToTheUsersDataDirectory() {
        assertThat(with(Map.of()).localClusterRoot()).isEqualTo(Path.of("/home/u/.local/share/tractorun/local-cluster"));
        assertThat(with(Map.of("XDG_DATA_HOME", "/data")).localClusterRoot())
                .isEqualTo(Path.of("/data/tractorun/local-cluster"));
    }

    @Test
    void theLocalRootVariableWinsOverEverything() {
        assertThat(with(Map.of("XDG_DATA_HOME", "/data", "TRACTORUN_LOCAL_ROOT", "/roots/one")).localClusterRoot())
                .isEqualTo(Path.of("/roots/one"));
    }

    @Test
    void theCacheDirectoryDefaultsToTheUsersCacheDirectory() {
        assertThat(with(Map.of()).cacheDirectory()).isEqualTo(Path.of("/home/u/.cache/tractorun"));
        assertThat(with(Map.of("XDG_CACHE_HOME", "/c")).cacheDirectory()).isEqualTo(Path.of("/c/tractorun"));
        assertThat(with(Map.of("TRACTORUN_CACHE_DIR", "/cc")).cacheDirectory()).isEqualTo(Path.of("/cc"));
    }
}
