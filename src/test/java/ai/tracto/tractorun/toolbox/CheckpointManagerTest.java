package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointManagerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String YT_PATH = "//tmp/training";

    @TempDir
    Path root;
    private LocalCluster cluster;
    private YtClient yt;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(new LocalClusterOptions(root.resolve("cluster"), 0));
        yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    @AfterEach
    void stopCluster() {
        yt.close();
        cluster.close();
    }

    @Test
    void noCheckpointBeforeTheFirstSave() {
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            assertThat(manager.lastCheckpoint()).isEmpty();
        }
    }

    @Test
    void secondRunResumesFromTheLastCheckpointOfTheFirst() throws Exception {
        try (CheckpointManager firstRun = new CheckpointManager(yt, YT_PATH)) {
            assertThat(firstRun.saveCheckpoint(bytes("step 1"), metadata(1)).get(30, TimeUnit.SECONDS)).isZero();
            assertThat(firstRun.saveCheckpoint(bytes("step 2"), metadata(2)).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }

        try (CheckpointManager secondRun = new CheckpointManager(yt, YT_PATH)) {
            Checkpoint last = secondRun.lastCheckpoint().orElseThrow();

            assertThat(last.index()).isEqualTo(1);
            assertThat(last.metadata()).isEqualTo(metadata(2));
            assertThat(new String(last.readValue(), StandardCharsets.UTF_8)).isEqualTo("step 2");
            assertThat(last.path()).isEqualTo(YT_PATH + "/checkpoints/1");
        }
    }

    @Test
    void indicesStayMonotonicAcrossManagersAndSkipForeignNodes() throws Exception {
        yt.create("map_node", YT_PATH + "/checkpoints/notes", CreateOptions.builder().recursive(true).build());
        try (CheckpointManager first = new CheckpointManager(yt, YT_PATH)) {
            first.saveCheckpoint(bytes("a"), null).get(30, TimeUnit.SECONDS);
        }
        // Another run (or the Python tractorun) wrote a higher index meanwhile.
        yt.create("map_node", YT_PATH + "/checkpoints/7", CreateOptions.defaults());
        yt.create("file", YT_PATH + "/checkpoints/7/value", CreateOptions.defaults());
        yt.writeFile(YT_PATH + "/checkpoints/7/value", new ByteArrayInputStream(bytes("seven")), false);
        yt.create("file", YT_PATH + "/checkpoints/7/metadata", CreateOptions.defaults());
        yt.writeFile(YT_PATH + "/checkpoints/7/metadata", new ByteArrayInputStream(bytes("{\"step\": 7}")), false);

        try (CheckpointManager second = new CheckpointManager(yt, YT_PATH)) {
            assertThat(second.lastCheckpoint().orElseThrow().metadata()).isEqualTo(metadata(7));
            int next = second.saveCheckpoint(bytes("b"), metadata(8)).get(30, TimeUnit.SECONDS);
            int afterThat = second.saveCheckpoint(bytes("c"), metadata(9)).get(30, TimeUnit.SECONDS);

            assertThat(next).isEqualTo(8);
            assertThat(afterThat).isEqualTo(9);
            assertThat(second.lastCheckpoint().orElseThrow().index()).isEqualTo(9);
        }
    }

    @Test
    void savesSubmittedTogetherCommitInSubmissionOrder() throws Exception {
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            CompletableFuture<Integer> a = manager.saveCheckpoint(bytes("a"), metadata(1));
            CompletableFuture<Integer> b = manager.saveCheckpoint(bytes("b"), metadata(2));
            CompletableFuture<Integer> c = manager.saveCheckpoint(bytes("c"), metadata(3));

            assertThat(a.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(manager.lastCheckpoint().orElseThrow().readValue()).isEqualTo(bytes("c"));
        }
    }

    @Test
    void savesFromAFileAndCopiesTheValueToAFile(@TempDir Path dir) throws Exception {
        Path source = Files.write(dir.resolve("weights.bin"), new byte[] {0, 1, 2, (byte) 255});
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            manager.saveCheckpoint(source, metadata(1)).get(30, TimeUnit.SECONDS);

            Path copy = dir.resolve("copy.bin");
            manager.lastCheckpoint().orElseThrow().copyValueTo(copy);

            assertThat(copy).hasBinaryContent(new byte[] {0, 1, 2, (byte) 255});
        }
    }

    @Test
    void copyingTheValueReplacesALongerFileAtTheTarget(@TempDir Path dir) throws Exception {
        byte[] value = new byte[3 * 1024 * 1024 + 1];
        new Random(5).nextBytes(value);
        Path target = Files.write(dir.resolve("copy.bin"), new byte[4 * 1024 * 1024]);
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            manager.saveCheckpoint(value, metadata(1)).get(30, TimeUnit.SECONDS);

            manager.lastCheckpoint().orElseThrow().copyValueTo(target);

            assertThat(target).hasBinaryContent(value);
        }
    }

    @Test
    void checkpointWrittenInAnUncommittedTransactionIsNeverTheLastOneAndItsIndexIsSkipped() throws Exception {
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            manager.saveCheckpoint(bytes("committed"), metadata(1)).get(30, TimeUnit.SECONDS);
            // A writer that died mid-save: its transaction is still open, holding index 1.
            try (Transaction dying = yt.startTransaction(TransactionOptions.defaults())) {
                YtClient tx = dying.client();
                tx.create("map_node", YT_PATH + "/checkpoints/1", CreateOptions.defaults());
                tx.create("file", YT_PATH + "/checkpoints/1/value", CreateOptions.defaults());
                tx.writeFile(YT_PATH + "/checkpoints/1/value", new ByteArrayInputStream(bytes("half")), false);

                assertThat(manager.lastCheckpoint().orElseThrow().index()).isZero();
                int index = manager.saveCheckpoint(bytes("next"), metadata(2)).get(30, TimeUnit.SECONDS);

                assertThat(index).isEqualTo(2);
            }
            assertThat(manager.lastCheckpoint().orElseThrow().readValue()).isEqualTo(bytes("next"));
        }
    }

    @Test
    void metadataWrittenAsJsonIsReadableByThePythonTractorun() throws Exception {
        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            manager.saveCheckpoint(bytes("v"), metadata(5)).get(30, TimeUnit.SECONDS);
        }
        try (InputStream in = yt.readFile(YT_PATH + "/checkpoints/0/metadata")) {
            assertThat(MAPPER.readTree(in.readAllBytes())).isEqualTo(metadata(5));
        }
    }

    @Test
    void metadataThatIsNotJsonComesBackAsItsText() throws Exception {
        // Early Python tractorun versions wrote str(dict).
        yt.create("map_node", YT_PATH + "/checkpoints/0", CreateOptions.builder().recursive(true).build());
        yt.create("file", YT_PATH + "/checkpoints/0/value", CreateOptions.defaults());
        yt.create("file", YT_PATH + "/checkpoints/0/metadata", CreateOptions.defaults());
        yt.writeFile(YT_PATH + "/checkpoints/0/metadata", new ByteArrayInputStream(bytes("{'step': 1}")), false);

        try (CheckpointManager manager = new CheckpointManager(yt, YT_PATH)) {
            assertThat(manager.lastCheckpoint().orElseThrow().metadata().textValue()).isEqualTo("{'step': 1}");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode metadata(int step) {
        return MAPPER.createObjectNode().put("step", step);
    }
}
