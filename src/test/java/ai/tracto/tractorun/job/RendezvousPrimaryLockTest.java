package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.LockMode;
import ai.tracto.tractorun.yt.LockOptions;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the primary takes {@code primary_lock}: at once in the directory the launcher prepared,
 * through creating the directory when the lock node is missing, and by queueing when another
 * transaction holds it. The request counts are those the bootstrap reports.
 */
class RendezvousPrimaryLockTest extends RendezvousTestBase {
    /**
     * start_transaction, lock, get and set {@code @incarnation_id}, create the incarnation,
     * register, publish the topology. A gang of one neither reads {@code @count} nor reads the
     * topology back: its own registration is the whole gang.
     */
    private static final long PRIMARY_REQUESTS_IN_A_PREPARED_DIRECTORY = 7;
    /** The same plus the lock that found no node and the three creates of the directory. */
    private static final long PRIMARY_REQUESTS_CREATING_THE_DIRECTORY = 11;

    @Test
    void aPrimaryInTheDirectoryTheLauncherPreparedTakesTheLockAtOnceWithSevenRequests() throws Exception {
        ai.tracto.tractorun.launch.TrainingDirectory.prepare(client, YT_PATH);
        try (Incarnation incarnation = join("op-1", 0, 1, Duration.ofSeconds(10))) {
            assertThat(incarnation.id()).isZero();
            assertThat(incarnation.requests()).isEqualTo(PRIMARY_REQUESTS_IN_A_PREPARED_DIRECTORY);
            // The gang of one it publishes is the registration it made.
            GangTopology published = GangTopology.fromJson(client.get(DIRECTORY.incarnation(0) + "/@"
                    + TrainingDirectory.TOPOLOGY));
            assertThat(published).isEqualTo(incarnation.topology().orElseThrow());
            assertThat(published.nodes()).singleElement().satisfies(member -> {
                assertThat(member.address().toString()).isEqualTo(client.get(DIRECTORY.node(0, 0) + "/@"
                        + TrainingDirectory.ADDRESS).asText());
                assertThat(member.jobId()).isEqualTo(client.get(DIRECTORY.node(0, 0) + "/@"
                        + TrainingDirectory.JOB_ID).asText());
            });
            assertThat(client.get(DIRECTORY.incarnation(0) + "/@" + TrainingDirectory.READY).asBoolean()).isTrue();
            assertThat(client.get(DIRECTORY.primaryLock() + "/@locks")).singleElement().satisfies(lock -> {
                assertThat(lock.path("state").asText()).isEqualTo("acquired");
                assertThat(lock.path("transaction_id").asText())
                        .isEqualTo(incarnation.transaction().orElseThrow().id());
            });
        }
        assertThat(progress).isEmpty();
    }

    @Test
    void aPrimaryWithoutAnyDirectoryCreatesItAndStillGetsTheLock() throws Exception {
        try (Incarnation incarnation = join("op-1", 0, 1, Duration.ofSeconds(10))) {
            assertThat(incarnation.id()).isZero();
            assertThat(incarnation.requests()).isEqualTo(PRIMARY_REQUESTS_CREATING_THE_DIRECTORY);
            assertThat(client.get(DIRECTORY.incarnationIdAttribute()).asLong()).isZero();
            assertThat(client.get(DIRECTORY.primaryLock() + "/@locks")).hasSize(1);
        }
        assertThat(progress).isEmpty();
    }

    @Test
    void aDirectoryLaidOutWithoutPrimaryLockGainsItAndKeepsCountingIncarnations() throws Exception {
        // A directory from before the launcher created the lock node: incarnations only.
        client.create("map_node", YT_PATH, CreateOptions.builder().recursive(true)
                .attributes(JsonNodeFactory.instance.objectNode().put(TrainingDirectory.INCARNATION_ID, 3)).build());
        client.create("map_node", DIRECTORY.incarnations(), CreateOptions.defaults());
        try (Incarnation incarnation = join("op-1", 0, 1, Duration.ofSeconds(10))) {
            assertThat(incarnation.id()).isEqualTo(4);
            assertThat(incarnation.requests()).isEqualTo(PRIMARY_REQUESTS_CREATING_THE_DIRECTORY);
            assertThat(client.exists(DIRECTORY.primaryLock())).isTrue();
            assertThat(client.list(DIRECTORY.incarnations())).containsExactly("00004");
        }
    }

    @Test
    void aDirectoryWithItsPrimaryLockButNoIncarnationsMapStillGetsItsFirstIncarnation() throws Exception {
        // The lock is granted at once, so the primary never creates the directory: the incarnation
        // must not depend on an incarnations map that only a full preparation makes.
        client.create("map_node", DIRECTORY.primaryLock(), CreateOptions.builder().recursive(true).build());
        try (Incarnation incarnation = join("op-1", 0, 1, Duration.ofSeconds(10))) {
            assertThat(incarnation.id()).isZero();
            assertThat(incarnation.requests()).isEqualTo(PRIMARY_REQUESTS_IN_A_PREPARED_DIRECTORY);
            assertThat(client.list(DIRECTORY.incarnations())).containsExactly("00000");
        }
    }

    @Test
    void aLockHeldByAnotherTransactionMakesThePrimaryWaitAndSayByWhomUntilItIsReleased() throws Exception {
        ai.tracto.tractorun.launch.TrainingDirectory.prepare(client, YT_PATH);
        Transaction holder = client.startTransaction(TransactionOptions.builder()
                .attributes(JsonNodeFactory.instance.objectNode()
                        .put(TrainingDirectory.INCARNATION_OPERATION_ID, "op-holder"))
                .build());
        try {
            holder.client().lock(DIRECTORY.primaryLock(), LockOptions.builder().mode(LockMode.EXCLUSIVE).build());
            Future<Incarnation> primary = nodes.submit(() -> join("op-1", 0, 1, Duration.ofSeconds(30)));
            waitUntil(() -> progress.stream().anyMatch(line -> line.startsWith("waiting for the primary lock")));
            assertThat(progress).containsExactly("waiting for the primary lock of " + YT_PATH
                    + " held by operation op-holder (transaction " + holder.id() + ")");
            // Queued behind the holder: the refused attempt left nothing, the waitable lock is pending.
            assertThat(client.get(DIRECTORY.primaryLock() + "/@locks"))
                    .extracting(lock -> lock.path("state").asText())
                    .containsExactlyInAnyOrder("acquired", "pending");
            assertThat(primary.isDone()).isFalse();

            holder.abort();
            try (Incarnation incarnation = primary.get(30, TimeUnit.SECONDS)) {
                assertThat(incarnation.id()).isZero();
                assertThat(progress).endsWith("acquired the primary lock of " + YT_PATH);
                // The refused lock, the queued one and its state polls are counted too.
                assertThat(incarnation.requests()).isGreaterThan(PRIMARY_REQUESTS_IN_A_PREPARED_DIRECTORY + 2);
                assertThat(client.get(DIRECTORY.primaryLock() + "/@locks")).singleElement()
                        .satisfies(lock -> assertThat(lock.path("transaction_id").asText())
                                .isEqualTo(incarnation.transaction().orElseThrow().id()));
            }
        } finally {
            holder.close();
        }
    }

    @Test
    void primariesOfTwoOperationsRacingToCreateTheDirectoryTakeTurns() throws Exception {
        Future<Incarnation> first = nodes.submit(() -> join("op-a", 0, 1, Duration.ofSeconds(30)));
        Future<Incarnation> second = nodes.submit(() -> join("op-b", 0, 1, Duration.ofSeconds(30)));
        waitUntil(() -> first.isDone() || second.isDone());
        Future<Incarnation> winner = first.isDone() ? first : second;
        Future<Incarnation> waiter = winner == first ? second : first;
        try (Incarnation earlier = winner.get()) {
            assertThat(earlier.id()).isZero();
            waitUntil(() -> progress.stream().anyMatch(line -> line.startsWith("waiting for the primary lock")));
            assertThat(waiter.isDone()).isFalse();
        }
        try (Incarnation later = waiter.get(30, TimeUnit.SECONDS)) {
            assertThat(later.id()).isEqualTo(1);
        }
        assertThat(client.list(DIRECTORY.incarnations())).containsExactly("00000", "00001");
        assertThat(List.of(0L, 1L)).extracting(id -> client.get(DIRECTORY.incarnationAttribute(id,
                TrainingDirectory.INCARNATION_OPERATION_ID)).asText()).containsExactlyInAnyOrder("op-a", "op-b");
    }
}
