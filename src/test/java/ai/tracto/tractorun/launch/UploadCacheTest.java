package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UploadCacheTest {
    @TempDir
    Path root;
    @TempDir
    Path files;

    @Test
    void aFileIsStoredUnderTheHashOfItsBytesAndShippedOnlyOnce() throws Exception {
        Path a = Files.writeString(files.resolve("a.txt"), "same bytes");
        Path b = Files.writeString(files.resolve("b.txt"), "same bytes");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            UploadCache first = new UploadCache(yt, "//tmp/cache");
            String path = first.put(a);
            UploadCache second = new UploadCache(yt, "//tmp/cache");
            String again = second.put(b);

            assertThat(path).isEqualTo("//tmp/cache/" + FileHashes.compute(a)).isEqualTo(again);
            try (InputStream in = yt.readFile(path)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("same bytes");
            }
            assertThat(first.stats().summary()).isEqualTo("uploaded 10 bytes, reused 0 bytes (1 file)");
            assertThat(second.stats().summary()).isEqualTo("uploaded 0 bytes, reused 10 bytes (1 file)");
            // Only the finished entry is left: the temporary upload node was moved into place.
            assertThat(yt.list("//tmp/cache")).containsExactly(FileHashes.compute(a));
        }
    }

    @Test
    void sizesAreShownInReadableUnits() {
        assertThat(new UploadCache.UploadStats(3L << 20, 1536, 4).summary())
                .isEqualTo("uploaded 3.0 MiB, reused 1.5 KiB (4 files)");
    }
}
