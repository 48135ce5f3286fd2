package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.json;
import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.cli.LocalClusterMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilledServerTest {
    @TempDir
    Path root;

    @Test
    void aServerKilledWithSigkillRestartsWithItsCommittedData() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LocalClusterMain.class.getName(), "--root", root.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            URI url = URI.create(out.readLine());
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            V4 yt = new V4(url);
            yt.set("//tmp/state", "{\"step\":41}");
            yt.create("file", "//tmp/f");
            yt.call("PUT", "write_file", params("path", "//tmp/f"), "bytes".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 50; i++) {
                yt.set("//tmp/state/step", Integer.toString(42 + i));
            }
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            V4 yt = new V4(cluster.proxyUrl());
            assertThat(yt.get("//tmp/state")).isEqualTo(json("{\"step\":91}"));
            assertThat(new String(yt.bytes("GET", "read_file", params("path", "//tmp/f"), null), StandardCharsets.UTF_8))
                    .isEqualTo("bytes");
        }
    }
}
