package ai.tracto.tractorun.localcluster;

import static ai.tracto.tractorun.localcluster.V4.failure;
import static ai.tracto.tractorun.localcluster.V4.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocksTest extends ClusterFixture {

    @Test
    void anExclusiveLockConflictNamesThePathAndTheWinner() {
        yt.create("map_node", "//l");
        String a = yt.startTx();
        String b = yt.startTx();
        JsonNode lock = yt.inTx(a).lock("//l");
        assertThat(lock.get("node_id").asText()).isEqualTo(yt.get("//l/@id").asText());
        V4.Failure f = failure(() -> yt.inTx(b).lock("//l"));
        assertThat(f.code).isEqualTo(402);
        assertThat(f.body.get("message").asText()).isEqualTo("Cannot take \"exclusive\" lock for node //l since "
                + "\"exclusive\" lock is taken by concurrent transaction " + a);
        assertThat(f.response.headers().firstValue("X-YT-Response-Code")).contains("402");
    }

    @Test
    void anExclusiveLockBlocksWritesByOthersButNotByItsOwner() {
        yt.set("//counter", "0");
        String a = yt.startTx();
        yt.inTx(a).lock("//counter");
        assertThat(failure(() -> yt.set("//counter", "5")).code).isEqualTo(402);
        assertThat(failure(() -> yt.remove("//counter")).code).isEqualTo(402);
        yt.inTx(a).set("//counter", "1");
        yt.commit(a);
        assertThat(yt.get("//counter")).isEqualTo(json("1"));
        yt.set("//counter", "5");
    }

    @Test
    void sharedLocksWithDifferentChildKeysCoexist() {
        yt.create("map_node", "//s");
        String a = yt.startTx();
        String b = yt.startTx();
        yt.inTx(a).lock("//s", "mode", "shared", "child_key", "x");
        yt.inTx(b).lock("//s", "mode", "shared", "child_key", "y");
        assertThat(failure(() -> yt.inTx(b).lock("//s", "mode", "shared", "child_key", "x")).code).isEqualTo(402);
        assertThat(failure(() -> yt.inTx(b).lock("//s", "mode", "exclusive")).code).isEqualTo(402);
        assertThat(failure(() -> yt.inTx(a).lock("//s", "mode", "exclusive", "child_key", "x")).code).isEqualTo(1);
    }

    @Test
    void concurrentTransactionsCreatingDifferentChildrenBothCommit() {
        yt.create("map_node", "//dir");
        String a = yt.startTx();
        String b = yt.startTx();
        yt.inTx(a).set("//dir/a", "1");
        yt.inTx(b).set("//dir/b", "2");
        yt.commit(a);
        yt.commit(b);
        assertThat(yt.get("//dir")).isEqualTo(json("{\"a\":1,\"b\":2}"));
    }

    @Test
    void aWaitableLockIsPendingUntilTheBlockerEnds() {
        yt.create("map_node", "//w");
        String a = yt.startTx();
        String b = yt.startTx();
        yt.inTx(a).lock("//w");
        String lockId = yt.inTx(b).lock("//w", "waitable", true).get("lock_id").asText();
        assertThat(yt.get("#" + lockId + "/@state").asText()).isEqualTo("pending");
        assertThat(yt.get("#" + lockId + "/@mode").asText()).isEqualTo("exclusive");
        assertThat(yt.get("#" + lockId + "/@transaction_id").asText()).isEqualTo(b);
        assertThat(yt.get("//w/@locks").size()).isEqualTo(2);
        yt.abort(a);
        assertThat(yt.get("#" + lockId + "/@state").asText()).isEqualTo("acquired");
        yt.commit(b);
        assertThat(yt.exists("#" + lockId)).isFalse();
    }

    @Test
    void aNonWaitableExclusiveLockIsRefusedWith402WhileAnotherTransactionHoldsTheNode() {
        yt.create("map_node", "//nw");
        String a = yt.startTx();
        String b = yt.startTx();
        String c = yt.startTx();
        yt.inTx(a).lock("//nw", "mode", "exclusive", "waitable", false);
        String queued = yt.inTx(b).lock("//nw", "waitable", true).get("lock_id").asText();
        V4.Failure f = failure(() -> yt.inTx(c).lock("//nw", "mode", "exclusive", "waitable", false));
        assertThat(f.code).isEqualTo(402);
        assertThat(f.body.get("message").asText()).isEqualTo("Cannot take \"exclusive\" lock for node //nw since "
                + "\"exclusive\" lock is taken by concurrent transaction " + a);
        // The refused request left no lock behind: the holder and the queued waiter only.
        assertThat(yt.get("//nw/@locks")).extracting(lock -> lock.get("transaction_id").asText())
                .containsExactlyInAnyOrder(a, b);
        yt.abort(a);
        assertThat(yt.get("#" + queued + "/@state").asText()).isEqualTo("acquired");
        yt.abort(b);
        yt.abort(c);
    }

    @Test
    void aNonWaitableLockIsAcquiredAtOnceWhenNoAcquiredLockConflictsEvenWithAWaiterQueued() {
        yt.create("map_node", "//jump");
        String reader = yt.startTx();
        String writer = yt.startTx();
        String other = yt.startTx();
        yt.inTx(reader).lock("//jump", "mode", "shared");
        String exclusive = yt.inTx(writer).lock("//jump", "waitable", true).get("lock_id").asText();
        assertThat(yt.get("#" + exclusive + "/@state").asText()).isEqualTo("pending");
        // Only acquired locks refuse a request; a request that may not wait never comes back pending.
        String shared = yt.inTx(other).lock("//jump", "mode", "shared").get("lock_id").asText();
        assertThat(yt.get("#" + shared + "/@state").asText()).isEqualTo("acquired");
        yt.abort(reader);
        yt.abort(other);
        assertThat(yt.get("#" + exclusive + "/@state").asText()).isEqualTo("acquired");
        yt.abort(writer);
    }

    @Test
    void aSnapshotLockKeepsTheValueAsOfLockTime() {
        yt.set("//snap", "1");
        String a = yt.startTx();
        yt.inTx(a).lock("//snap", "mode", "snapshot");
        yt.set("//snap", "2");
        assertThat(yt.inTx(a).get("//snap")).isEqualTo(json("1"));
        yt.commit(a);
        assertThat(yt.get("//snap")).isEqualTo(json("2"));
    }

    @Test
    void unlockReleasesTheLockAndWakesWaiters() {
        yt.create("map_node", "//u");
        String a = yt.startTx();
        String b = yt.startTx();
        yt.inTx(a).lock("//u");
        String waiting = yt.inTx(b).lock("//u", "waitable", true).get("lock_id").asText();
        yt.inTx(a).call("POST", "unlock", V4.params("path", "//u"), null);
        assertThat(yt.get("#" + waiting + "/@state").asText()).isEqualTo("acquired");
        yt.abort(a);
        yt.abort(b);
    }

    @Test
    void lockingOutsideATransactionIsRejected() {
        yt.create("map_node", "//n");
        assertThat(failure(() -> yt.lock("//n")).body.get("message").asText())
                .isEqualTo("Command \"lock\" requires a transaction (\"transaction_id\")");
    }

    @Test
    void sixteenClientsIncrementingUnderExclusiveLocksLoseNoUpdate() throws Exception {
        yt.set("//count", "0");
        int threads = 16;
        int increments = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        incrementUnderLock();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(yt.get("//count").asLong()).isEqualTo((long) threads * increments);
    }

    private void incrementUnderLock() throws InterruptedException {
        while (true) {
            String tx = yt.startTx();
            try {
                V4 inTx = yt.inTx(tx);
                inTx.lock("//count");
                long value = inTx.get("//count").asLong();
                inTx.set("//count", Long.toString(value + 1));
                yt.commit(tx);
                return;
            } catch (V4.Failure f) {
                yt.abort(tx);
                if (f.code != 402) {
                    throw f;
                }
                Thread.sleep(5);
            }
        }
    }

    @Test
    void waitableLocksQueueManyClientsInOrder() throws Exception {
        yt.set("//queue", "0");
        String first = yt.startTx();
        yt.inTx(first).lock("//queue");
        String second = yt.startTx();
        String third = yt.startTx();
        String l2 = yt.inTx(second).lock("//queue", "waitable", true).get("lock_id").asText();
        String l3 = yt.inTx(third).lock("//queue", "waitable", true).get("lock_id").asText();
        yt.commit(first);
        assertThat(yt.get("#" + l2 + "/@state").asText()).isEqualTo("acquired");
        assertThat(yt.get("#" + l3 + "/@state").asText()).isEqualTo("pending");
        yt.commit(second);
        Wait.until(Duration.ofSeconds(10), () -> yt.get("#" + l3 + "/@state").asText().equals("acquired"));
        yt.abort(third);
    }
}
