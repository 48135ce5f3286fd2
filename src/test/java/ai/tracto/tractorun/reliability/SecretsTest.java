package ai.tracto.tractorun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launch with a YT token and a Docker registry secret against the embedded cluster (as a
 * remote cluster: through {@code YT_PROXY}, so the token is really shipped). Neither secret may
 * appear in the stored operation spec, the dry-run output, the launcher's output, the jobs'
 * stderr, or any file the launcher or the cluster wrote; only the job's environment has them, by
 * design (the secure vault). The cluster keeps the vault in memory only, so its whole root is
 * searched: it may hold the Docker secret document the test stored, once, and nothing else.
 */
@Timeout(300)
class SecretsTest {
    private static final String TOKEN = "tok-5ecret-" + Long.toHexString(System.nanoTime());
    private static final String DOCKER_PASSWORD = "dockerpw-5ecret-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path root;
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    @Test
    void neitherTheTokenNorTheDockerPasswordIsWrittenAnywhereButTheJobsVault() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            yt.create("document", "//secrets/docker", CreateOptions.builder().recursive(true).build());
            yt.set("//secrets/docker", JsonNodeFactory.instance.objectNode().put("username", "robot")
                    .put("password", DOCKER_PASSWORD));
            Map<String, String> env = Map.of("YT_PROXY", cluster.proxyUrl().toString(), "YT_TOKEN", TOKEN);
            List<String> args = List.of("--yt-path", "//tmp/secrets", "--docker-image", "local/image",
                    "--docker-auth-secret.cypress-path", "//secrets/docker", "--proxy-stderr-mode", "primary",
                    "bash", "-c", "echo worker $RANK ran");

            ChildLauncher dryRun = ChildLauncher.start(home, scratch.resolve("logs"), env,
                    concat(List.of("--dry-run"), args));
            assertThat(dryRun.awaitExit()).as(dryRun.err()).isZero();
            ChildLauncher run = ChildLauncher.start(home, scratch.resolve("logs"), env, args);
            assertThat(run.awaitExit()).as(run.err()).isZero();

            Matcher id = Pattern.compile("started operation (\\S+)").matcher(run.err());
            assertThat(id.find()).isTrue();
            String operationId = id.group(1);
            assertThat(dryRun.out() + dryRun.err()).contains("secure_vault");
            assertNoSecret("the dry-run output", dryRun.out() + dryRun.err());
            assertNoSecret("the launcher's output", run.out() + run.err());
            assertNoSecret("get_operation", yt.getOperation(operationId).toString());
            for (var job : yt.listJobs(operationId).path("jobs")) {
                assertNoSecret("the stderr of job " + job.path("id").asText(),
                        new String(yt.getJobStderr(operationId, job.path("id").asText()).readAllBytes(),
                                StandardCharsets.UTF_8));
            }
            assertNoSecretInFiles(home);
            assertNoSecretInFiles(ChildLauncher.CACHE);
            assertNoSecretInFiles(scratch.resolve("logs"));
            // The cluster's own store holds the secret document this test put there, once, and nothing else.
            assertThat(occurrences(root, DOCKER_PASSWORD)).isEqualTo(1);
            assertThat(occurrences(root, TOKEN)).isZero();
            assertNoSecretInFiles(Path.of(System.getProperty("java.io.tmpdir")), "tractorun-launch-");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertNoSecret(String where, String text) {
        assertThat(text).as(where).doesNotContain(TOKEN).doesNotContain(DOCKER_PASSWORD);
    }

    private static void assertNoSecretInFiles(Path directory) throws IOException {
        assertNoSecretInFiles(directory, "");
    }

    /** Every regular file under {@code directory} (in entries starting with {@code prefix}), byte for byte. */
    private static void assertNoSecretInFiles(Path directory, String prefix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
        byte[] password = DOCKER_PASSWORD.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
        for (Path top : files) {
            try (Stream<Path> walk = Files.walk(top)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    byte[] content;
                    try {
                        content = Files.readAllBytes(file);
                    } catch (IOException e) {
                        continue;
                    }
                    assertThat(indexOf(content, token)).as("token in " + file).isEqualTo(-1);
                    assertThat(indexOf(content, password)).as("docker password in " + file).isEqualTo(-1);
                }
            }
        }
    }

    private static long occurrences(Path directory, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        long count = 0;
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (IOException e) {
                    continue;
                }
                for (int from = indexOf(content, needle, 0); from >= 0; from = indexOf(content, needle, from + 1)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int start) {
        outer:
        for (int i = start; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
