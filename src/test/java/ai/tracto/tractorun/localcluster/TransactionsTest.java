package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.failure;
import static ai.tracto.tractorun.localcluster.V4.json;
import static ai.tracto.tractorun.localcluster.V4.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionsTest extends ClusterFixture {

    @Test
    void changesInATransactionAreInvisibleOutsideUntilCommit() {
        yt.set("//data", "{\"kept\":1}");
        String tx = yt.startTx();
        V4 inTx = yt.inTx(tx);
        inTx.set("//data/new", "2");
        inTx.set("//data/kept", "10");
        inTx.set("//data/@mark", "\"m\"");
        assertThat(inTx.get("//data")).isEqualTo(json("{\"kept\":10,\"new\":2}"));
        assertThat(yt.get("//data")).isEqualTo(json("{\"kept\":1}"));
        assertThat(yt.exists("//data/@mark")).isFalse();
        yt.commit(tx);
        assertThat(yt.get("//data")).isEqualTo(json("{\"kept\":10,\"new\":2}"));
        assertThat(yt.get("//data/@mark").asText()).isEqualTo("m");
    }

    @Test
    void abortDiscardsEverythingTheTransactionDid() {
        yt.set("//a", "{\"x\":1}");
        String tx = yt.startTx();
        V4 inTx = yt.inTx(tx);
        String created = inTx.create("map_node", "//a/created");
        inTx.remove("//a/x");
        assertThat(inTx.exists("//a/x")).isFalse();
        assertThat(yt.exists("#" + created)).isFalse();
        yt.abort(tx);
        assertThat(yt.get("//a")).isEqualTo(json("{\"x\":1}"));
        assertThat(yt.exists("#" + created)).isFalse();
        assertThat(failure(() -> yt.commit(tx)).code).isEqualTo(11000);
    }

    @Test
    void removalInATransactionBecomesVisibleOnCommit() {
        yt.set("//gone", "{\"deep\":{\"er\":1}}");
        String tx = yt.startTx();
        yt.inTx(tx).remove("//gone", "recursive", true);
        assertThat(yt.exists("//gone/deep/er")).isTrue();
        yt.commit(tx);
        assertThat(yt.exists("//gone")).isFalse();
    }

    @Test
    void nestedTransactionsSeeTheirParentsChangesAndCommitIntoTheParent() {
        String parent = yt.startTx();
        yt.inTx(parent).set("//p", "1");
        String child = yt.startTx("transaction_id", parent);
        assertThat(yt.inTx(child).get("//p")).isEqualTo(json("1"));
        yt.inTx(child).set("//c", "2");
        V4.Failure f = failure(() -> yt.commit(parent));
        assertThat(f.body.get("message").asText())
                .isEqualTo("Cannot commit transaction " + parent + " since it has 1 active nested transaction(s)");
        yt.commit(child);
        assertThat(yt.inTx(parent).get("//c")).isEqualTo(json("2"));
        assertThat(yt.exists("//c")).isFalse();
        yt.commit(parent);
        assertThat(yt.get("//c")).isEqualTo(json("2"));
    }

    @Test
    void abortingAParentAbortsItsNestedTransactions() {
        String parent = yt.startTx();
        String child = yt.startTx("transaction_id", parent);
        yt.abort(parent);
        assertThat(failure(() -> yt.ping(child)).code).isEqualTo(11000);
    }

    @Test
    void anUnpingedTransactionExpiresAndReleasesItsLocks() throws Exception {
        yt.create("map_node", "//locked");
        String tx = yt.startTx("timeout", 300);
        yt.inTx(tx).lock("//locked");
        assertThat(failure(() -> yt.set("//locked/@a", "1")).code).isEqualTo(402);
        Wait.until(Duration.ofSeconds(30), () -> !yt.exists("#" + tx));
        assertThat(failure(() -> yt.ping(tx)).code).isEqualTo(11000);
        yt.set("//locked/@a", "1");
        assertThat(yt.get("//locked/@locks")).isEqualTo(json("[]"));
    }

    @Test
    void pingingKeepsATransactionAlive() throws Exception {
        String tx = yt.startTx("timeout", 1000);
        long end = System.currentTimeMillis() + 2500;
        while (System.currentTimeMillis() < end) {
            yt.ping(tx);
            Thread.sleep(200);
        }
        yt.commit(tx);
    }

    @Test
    void prerequisiteTransactionsMustBeAlive() {
        String alive = yt.startTx();
        yt.call("PUT", "set", params("path", "//ok", "prerequisite_transaction_ids", new String[] {alive}), "1".getBytes());
        yt.abort(alive);
        V4.Failure f = failure(() -> yt.call("PUT", "set",
                params("path", "//ok", "prerequisite_transaction_ids", new String[] {alive}), "2".getBytes()));
        assertThat(f.code).isEqualTo(1000);
        assertThat(yt.get("//ok")).isEqualTo(json("1"));
    }

    @Test
    void aTransactionDiesWithItsPrerequisite() {
        String prerequisite = yt.startTx();
        String dependent = yt.startTx("prerequisite_transaction_ids", new String[] {prerequisite});
        yt.abort(prerequisite);
        assertThat(failure(() -> yt.ping(dependent)).code).isEqualTo(11000);
    }

    @Test
    void unknownTransactionsAreNoSuchTransactionErrors() {
        V4.Failure f = failure(() -> yt.inTx("1-2-3-4").get("/"));
        assertThat(f.code).isEqualTo(11000);
        assertThat(f.body.get("message").asText()).isEqualTo("No such transaction 1-2-3-4");
    }

    @Test
    void transactionsAreObjectsWithAttributes() {
        String tx = yt.startTx("attributes", json("{\"title\":\"mine\"}"), "timeout", 60000);
        assertThat(yt.get("#" + tx + "/@title").asText()).isEqualTo("mine");
        assertThat(yt.get("#" + tx + "/@timeout").asLong()).isEqualTo(60000);
        assertThat(yt.exists("#" + tx)).isTrue();
    }
}
