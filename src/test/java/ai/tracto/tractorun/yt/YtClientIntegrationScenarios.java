package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Client scenarios against a running cluster, expressed only through {@link YtClient}. A
 * concrete subclass supplies the client and an existing, empty working directory; it runs
 * against the embedded local cluster and, opt-in, against a real one.
 */
abstract class YtClientIntegrationScenarios {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A client for the cluster under test. */
    protected abstract YtClient client();

    /** An existing map node the scenarios may fill, e.g. {@code //tmp/tractorun-it-<uuid>}. */
    protected abstract String root();

    private String path(String name) {
        return root() + "/" + name;
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void cypressNodesCanBeCreatedReadListedAndRemoved() throws Exception {
        YtClient yt = client();
        String dir = path("cypress/dir");

        yt.create("map_node", dir, CreateOptions.builder().recursive(true).build());
        yt.set(dir + "/value", json("{\"a\":[1,\"x\"]}"));
        yt.set(dir + "/@my_attr", json("\"hello\""));

        assertThat(yt.exists(dir)).isTrue();
        assertThat(yt.get(dir + "/value")).isEqualTo(json("{\"a\":[1,\"x\"]}"));
        assertThat(yt.get(dir + "/@my_attr").asText()).isEqualTo("hello");
        assertThat(yt.list(dir)).containsExactly("value");
        yt.remove(dir, new RemoveOptions(true, false));
        assertThat(yt.exists(dir)).isFalse();
        yt.remove(dir, new RemoveOptions(false, true));
    }

    @Test
    void errorsCarryResolveAndAlreadyExistsCodes() {
        YtClient yt = client();
        String node = path("errors");
        yt.create("map_node", node, CreateOptions.defaults());

        assertThatThrownBy(() -> yt.get(node + "/missing"))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.isResolveError()).isTrue())
                .hasMessageContaining(node + "/missing");
        assertThatThrownBy(() -> yt.create("map_node", node, CreateOptions.defaults()))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.isAlreadyExists()).isTrue());
        yt.create("map_node", node, CreateOptions.builder().ignoreExisting(true).build());
    }

    @Test
    void copyMoveAndLinkWork() throws Exception {
        YtClient yt = client();
        yt.set(path("original"), json("42"));

        yt.copy(path("original"), path("copy"), CopyOptions.defaults());
        yt.move(path("copy"), path("moved"), CopyOptions.defaults());
        yt.link(path("moved"), path("link"), LinkOptions.defaults());

        assertThat(yt.get(path("link")).asInt()).isEqualTo(42);
        assertThat(yt.exists(path("copy"))).isFalse();
    }

    @Test
    void uncommittedChangesStayInsideTheTransactionAndVanishOnAbort() throws Exception {
        YtClient yt = client();
        String node = path("isolated");

        try (Transaction tx = yt.startTransaction(TransactionOptions.defaults())) {
            tx.client().set(node, json("1"));
            assertThat(tx.client().exists(node)).isTrue();
            assertThat(yt.exists(node)).isFalse();
        }

        assertThat(yt.exists(node)).isFalse();
    }

    @Test
    void committedChangesBecomeVisible() throws Exception {
        YtClient yt = client();
        String node = path("committed");

        try (Transaction tx = yt.startTransaction(TransactionOptions.defaults())) {
            tx.client().set(node, json("\"done\""));
            tx.commit();
        }

        assertThat(yt.get(node).asText()).isEqualTo("done");
    }

    @Test
    void nestedTransactionCommitsIntoItsParent() throws Exception {
        YtClient yt = client();
        String node = path("nested");

        try (Transaction parent = yt.startTransaction(TransactionOptions.defaults())) {
            try (Transaction child = parent.client().startTransaction(TransactionOptions.defaults())) {
                child.client().set(node, json("1"));
                child.commit();
            }
            assertThat(parent.client().exists(node)).isTrue();
            assertThat(yt.exists(node)).isFalse();
        }
        assertThat(yt.exists(node)).isFalse();
    }

    @Test
    void secondExclusiveLockConflicts() {
        YtClient yt = client();
        String node = path("locked");
        yt.create("map_node", node, CreateOptions.defaults());

        try (Transaction first = yt.startTransaction(TransactionOptions.defaults());
             Transaction second = yt.startTransaction(TransactionOptions.defaults())) {
            LockResult lock = first.client().lock(node, LockOptions.defaults());
            first.client().waitForLock(lock.lockId(), Duration.ofSeconds(10));

            assertThatThrownBy(() -> second.client().lock(node, LockOptions.defaults()))
                    .isInstanceOfSatisfying(YtException.class,
                            e -> assertThat(e.isConcurrentTransactionLockConflict()).isTrue());
        }
    }

    @Test
    void waitableLockIsAcquiredWhenTheHolderGoesAway() {
        YtClient yt = client();
        String node = path("queued");
        yt.create("map_node", node, CreateOptions.defaults());

        try (Transaction second = yt.startTransaction(TransactionOptions.defaults())) {
            LockResult queued;
            try (Transaction first = yt.startTransaction(TransactionOptions.defaults())) {
                first.client().lock(node, LockOptions.defaults());
                queued = second.client().lock(node, LockOptions.builder().waitable(true).build());
                assertThat(yt.get("#" + queued.lockId() + "/@state").asText()).isEqualTo("pending");
            }
            second.client().waitForLock(queued.lockId(), Duration.ofSeconds(30));
        }
    }

    @Test
    void endedTransactionIsReportedAsNoSuchTransaction() {
        YtClient yt = client();
        Transaction tx = yt.startTransaction(TransactionOptions.builder().pinging(false).build());
        tx.abort();

        assertThatThrownBy(() -> yt.commitTransaction(tx.id()))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.isNoSuchTransaction()).isTrue());
        assertThatThrownBy(() -> yt.pingTransaction(tx.id()))
                .isInstanceOfSatisfying(YtException.class, e -> assertThat(e.isNoSuchTransaction()).isTrue());
    }

    @Test
    void filesRoundTripAppendAndRangeReads() throws Exception {
        YtClient yt = client();
        String file = path("file");
        yt.create("file", file, CreateOptions.defaults());

        yt.writeFile(file, new ByteArrayInputStream("hello ".getBytes(StandardCharsets.UTF_8)), false);
        yt.writeFile(file, new ByteArrayInputStream("world".getBytes(StandardCharsets.UTF_8)), true);

        try (InputStream in = yt.readFile(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        }
        try (InputStream in = yt.readFile(file, 6, 3)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("wor");
        }
        yt.writeFile(file, new ByteArrayInputStream("new".getBytes(StandardCharsets.UTF_8)), false);
        try (InputStream in = yt.readFile(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new");
        }
    }

    @Test
    void aFileOfSeveralMiBArrivesByteForByteWholeAndInRanges() throws Exception {
        YtClient yt = client();
        String file = path("big");
        yt.create("file", file, CreateOptions.defaults());
        byte[] data = new byte[5 * 1024 * 1024 + 7];
        new Random(11).nextBytes(data);

        yt.writeFile(file, new ByteArrayInputStream(data), false);

        try (InputStream in = yt.readFile(file)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        int offset = 1024 * 1024 - 3;
        int length = 2 * 1024 * 1024 + 5;
        try (InputStream in = yt.readFile(file, offset, length)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, offset, offset + length));
        }
        assertThat(yt.get(file + "/@uncompressed_data_size").asLong()).isEqualTo(data.length);
    }

    @Test
    void anUploadWhoseSourceFailsMidwayLeavesTheFileAsItWas() throws Exception {
        YtClient yt = client();
        String file = path("kept");
        yt.create("file", file, CreateOptions.defaults());
        yt.writeFile(file, new ByteArrayInputStream("committed".getBytes(StandardCharsets.UTF_8)), false);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[3 * 1024 * 1024]),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the disk under the source failed");
                    }
                });

        assertThatThrownBy(() -> yt.writeFile(file, failing, false))
                .isInstanceOf(YtException.class)
                .hasMessageContaining("the disk under the source failed");

        try (InputStream in = yt.readFile(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("committed");
        }
    }

    @Test
    void tablesAppendAndReadRowRanges() throws Exception {
        YtClient yt = client();
        String table = path("table");
        yt.create("table", table, CreateOptions.defaults());

        yt.writeTable(table, List.of(json("{\"i\":0}"), json("{\"i\":1}"), json("{\"i\":2}")).iterator(), false);
        yt.writeTable(table, List.of(json("{\"i\":3}"), json("{\"i\":4,\"s\":\"x\"}")).iterator(), true);

        assertThat(readAll(yt, table)).extracting(row -> row.path("i").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(readAll(yt, table + "[#1:#3]")).extracting(row -> row.path("i").asInt()).containsExactly(1, 2);
        assertThat(readAll(yt, table + "[#4:]").get(0).path("s").asText()).isEqualTo("x");
    }

    private static List<JsonNode> readAll(YtClient yt, String path) {
        List<JsonNode> rows = new ArrayList<>();
        try (CloseableIterator<JsonNode> iterator = yt.readTable(path)) {
            iterator.forEachRemaining(rows::add);
        }
        return rows;
    }
}
