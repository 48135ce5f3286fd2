package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindAttributes;
import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.LinkOptions;
import ai.tracto.tractorun.yt.YtClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CypressBindsTest {
    @TempDir
    Path root;
    private LocalCluster cluster;
    private YtClient yt;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    @AfterEach
    void stop() {
        yt.close();
        cluster.close();
    }

    private void file(String path) {
        yt.create("file", path, CreateOptions.builder().recursive(true).build());
        yt.writeFile(path, new ByteArrayInputStream(path.getBytes()), false);
    }

    private List<String> expand(String source, String destination) {
        return CypressBinds.expand(yt, List.of(new BindCypress(source, destination))).stream()
                .map(bind -> bind.source() + " -> " + bind.destination()).toList();
    }

    @Test
    void aFileIsDeliveredAtItsDestination() {
        file("//tmp/data/a.txt");

        assertThat(expand("//tmp/data/a.txt", "a.txt")).containsExactly("//tmp/data/a.txt -> a.txt");
    }

    @Test
    void aMapNodeBecomesEveryFileUnderItAtTheSameRelativePath() {
        file("//tmp/data/b.txt");
        file("//tmp/data/sub/c.txt");
        file("//tmp/data/a.txt");

        assertThat(expand("//tmp/data", "data")).containsExactly(
                "//tmp/data/a.txt -> data/a.txt",
                "//tmp/data/b.txt -> data/b.txt",
                "//tmp/data/sub/c.txt -> data/sub/c.txt");
    }

    @Test
    void linksToFilesAndMapNodesAreFollowed() {
        file("//tmp/data/sub/c.txt");
        yt.link("//tmp/data/sub", "//tmp/to-sub", new LinkOptions(true, false, false));
        yt.link("//tmp/data/sub/c.txt", "//tmp/data/c-link", new LinkOptions(true, false, false));

        assertThat(expand("//tmp/to-sub", "s")).containsExactly("//tmp/data/sub/c.txt -> s/c.txt");
        assertThat(expand("//tmp/data", "d")).containsExactly(
                "//tmp/data/sub/c.txt -> d/c-link",
                "//tmp/data/sub/c.txt -> d/sub/c.txt");
    }

    @Test
    void aLinkCycleIsAConfigurationErrorNamingTheCycle() {
        yt.link("//tmp/b", "//tmp/a", new LinkOptions(true, false, false));
        yt.link("//tmp/a", "//tmp/b", new LinkOptions(true, false, false));

        assertThatThrownBy(() -> expand("//tmp/a", "x"))
                .isInstanceOf(TractorunConfigException.class)
                .hasMessage("bind_cypress.source: invalid value '//tmp/a', expected a file, map node or link without"
                        + " cycles; links form a cycle: //tmp/a -> //tmp/b -> //tmp/a");
    }

    @Test
    void aMissingSourceIsAConfigurationError() {
        assertThatThrownBy(() -> expand("//tmp/nothing", "x"))
                .isInstanceOf(TractorunConfigException.class)
                .hasMessage("bind_cypress.source: invalid value '//tmp/nothing', expected an existing Cypress node;"
                        + " it does not exist");
    }

    @Test
    void nestedDestinationsGetFlatSandboxNamesAndAMoveWhilePlainNamesKeepTheirs() {
        CypressBinds.Delivery delivery = CypressBinds.deliver(List.of(
                new BindCypress("//tmp/a", "a.txt", BindAttributes.defaults()),
                new BindCypress("//tmp/b", "data/b.txt", BindAttributes.defaults())));

        assertThat(delivery.filePaths()).extracting(FilePaths::fileName).containsExactly("a.txt", "tractorun_cypress_1");
        assertThat(delivery.moves()).containsExactly(new JobCommand.Move("tractorun_cypress_1", "data/b.txt"));
    }
}
