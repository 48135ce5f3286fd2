package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.json;
import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {
    @TempDir
    Path root;

    private static LocalCluster start(Path root) {
        return LocalCluster.start(new LocalClusterOptions(root, 0));
    }

    @Test
    void committedTreeFilesAndTablesSurviveARestart() {
        String id;
        try (LocalCluster cluster = start(root)) {
            V4 yt = new V4(cluster.proxyUrl());
            yt.set("//home/a", "{\"x\":[1,2]}", params("recursive", true));
            yt.set("//home/a/@incarnation_id", "3");
            id = yt.create("file", "//home/f");
            yt.call("PUT", "write_file", params("path", "//home/f"), "payload".getBytes(StandardCharsets.UTF_8));
            yt.create("table", "//home/t");
            yt.call("PUT", "write_table", params("path", "//home/t", "input_format", "json"), "{\"r\":1}\n".getBytes(StandardCharsets.UTF_8));
            yt.call("POST", "link", params("target_path", "//home/a", "link_path", "//home/ln"), null);
            String tx = yt.startTx("timeout", 60000);
            yt.inTx(tx).set("//home/uncommitted", "1");
        }
        try (LocalCluster cluster = start(root)) {
            V4 yt = new V4(cluster.proxyUrl());
            assertThat(yt.get("//home/a")).isEqualTo(json("{\"x\":[1,2]}"));
            assertThat(yt.get("//home/ln/@incarnation_id").asInt()).isEqualTo(3);
            assertThat(yt.get("//home/f/@id").asText()).isEqualTo(id);
            assertThat(new String(yt.bytes("GET", "read_file", params("path", "//home/f"), null), StandardCharsets.UTF_8))
                    .isEqualTo("payload");
            assertThat(new String(yt.bytes("GET", "read_table", params("path", "//home/t", "output_format", "json"), null),
                    StandardCharsets.UTF_8)).isEqualTo("{\"r\":1}\n");
            assertThat(yt.exists("//home/uncommitted")).isFalse();
        }
    }

    @Test
    void aTornLastJournalLineIsIgnored() throws Exception {
        try (LocalCluster cluster = start(root)) {
            new V4(cluster.proxyUrl()).set("//kept", "1");
        }
        appendTornJournalLine();
        try (LocalCluster cluster = start(root)) {
            assertThat(new V4(cluster.proxyUrl()).get("//kept")).isEqualTo(json("1"));
        }
    }

    @Test
    void commitsAfterARestartThatFoundATornLineSurviveTheNextRestart() throws Exception {
        try (LocalCluster cluster = start(root)) {
            new V4(cluster.proxyUrl()).set("//before", "1");
        }
        appendTornJournalLine();
        try (LocalCluster cluster = start(root)) {
            new V4(cluster.proxyUrl()).set("//after", "2");
        }
        try (LocalCluster cluster = start(root)) {
            V4 v4 = new V4(cluster.proxyUrl());
            assertThat(v4.get("//before")).isEqualTo(json("1"));
            assertThat(v4.get("//after")).isEqualTo(json("2"));
        }
    }

    @Test
    void commitsOfSeveralRunsOnOneRootAllSurvive() {
        for (int run = 0; run < 4; run++) {
            try (LocalCluster cluster = start(root)) {
                V4 v4 = new V4(cluster.proxyUrl());
                for (int earlier = 0; earlier < run; earlier++) {
                    assertThat(v4.get("//run" + earlier)).isEqualTo(json(Integer.toString(earlier)));
                }
                v4.set("//run" + run, Integer.toString(run));
            }
        }
    }

    @Test
    void manyCommitsCompactTheJournalWithoutLosingState() {
        try (LocalCluster cluster = start(root)) {
            V4 yt = new V4(cluster.proxyUrl());
            for (int i = 0; i < 2100; i++) {
                yt.set("//n", Integer.toString(i));
            }
        }
        try (LocalCluster cluster = start(root)) {
            assertThat(new V4(cluster.proxyUrl()).get("//n")).isEqualTo(json("2099"));
        }
    }

    @Test
    void aSecondServerOnTheSameRootIsRefusedWithTheRunningUrl() throws Exception {
        try (LocalCluster cluster = start(root)) {
            assertThat(json(Files.readString(root.resolve("server.json"))).get("proxy_url").asText())
                    .isEqualTo(cluster.proxyUrl().toString());
            assertThatThrownBy(() -> start(root))
                    .isInstanceOfSatisfying(LocalClusterBusyException.class,
                            e -> assertThat(e.runningProxyUrl()).contains(cluster.proxyUrl()))
                    .hasMessageContaining(cluster.proxyUrl().toString());
        }
        assertThat(root.resolve("server.json")).doesNotExist();
        start(root).close();
    }

    @Test
    void closeIsSafeToCallTwice() {
        LocalCluster cluster = start(root);
        cluster.close();
        cluster.close();
    }

    /** What a cluster killed in the middle of a commit leaves at the end of its journal. */
    private void appendTornJournalLine() throws IOException {
        Files.write(root.resolve("cypress").resolve("journal.log"), "{\"upsert\":[{\"id\":".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
    }
}
