package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.Json;
import ai.tracto.tractorun.yt.YtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher whose locale is POSIX, as a bare service or container environment often has: a JVM
 * there encodes the environment of the processes it starts in ASCII and turns every other
 * character into '?'. What the launcher's embedded cluster hands a job through its environment
 * (the bootstrap's configuration), and what the bootstrap hands the workers in a job whose locale
 * is POSIX too (their arguments, the user config), must still arrive whole; the workers keep the
 * job's locale.
 */
@Timeout(300)
class PosixLocaleTest {
    @TempDir
    Path root;
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    @Test
    void aTrainingDirectoryAnArgumentAndAUserConfigBeyondAsciiReachTheJobAndTheWorkersWhole() throws Exception {
        String ytPath = "//tmp/обучение";
        Path seen = scratch.resolve("seen.txt");
        // From YAML, read as UTF-8 whatever the locale: a command line would reach the JVM decoded as ASCII.
        Path config = Files.writeString(scratch.resolve("run.yaml"), "yt_path: \"" + ytPath + "\"\nlocal: true\n"
                + "user_config: {\"dataset\": \"кошки и собаки\"}\n"
                + "command: [\"sh\", \"-c\", \"printf '%s\\\\n' \\\"$1\\\" \\\"$LC_ALL\\\" \\\"$YT_USER_CONFIG\\\" > '"
                + seen + "'\", \"sh\", \"мяу\"]\n");

        ChildLauncher launcher = ChildLauncher.start(home, scratch.resolve("logs"),
                Map.of("TRACTORUN_LOCAL_ROOT", root.toString(), "LC_ALL", "C"),
                List.of("--run-config-path", config.toString()));

        assertThat(launcher.awaitExit()).as(launcher.err()).isZero();
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            assertThat(yt.list("//tmp")).contains("обучение").hasSize(2);
            assertThat(yt.get(ytPath + "/@incarnation_id").asLong()).isZero();
        }
        List<String> lines = Files.readAllLines(seen);
        assertThat(lines.get(0)).isEqualTo("мяу");
        assertThat(lines.get(1)).as("the job's own LC_ALL").isEqualTo("C");
        assertThat(Json.read(lines.get(2)).path("dataset").asText()).isEqualTo("кошки и собаки");
    }
}
