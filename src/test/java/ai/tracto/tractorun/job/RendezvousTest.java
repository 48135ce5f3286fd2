package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rendezvous protocol against the embedded cluster, each node a thread with its own identity. */
class RendezvousTest extends RendezvousTestBase {
    @Test
    void everyNodeOfAGangLearnsThePrimaryEndpointAndThePrimaryTheWholeTopology() throws Exception {
        List<Incarnation> gang = joinAll("op-1", 3, Duration.ofSeconds(20));
        try {
            assertThat(gang).extracting(Incarnation::id).containsOnly(0L);
            assertThat(gang).extracting(i -> i.node().nodeIndex()).containsExactly(0, 1, 2);
            assertThat(gang).extracting(i -> i.node().primaryEndpoint()).containsOnly(endpoint(0));
            assertThat(gang).extracting(i -> i.node().selfEndpoint())
                    .containsExactly(endpoint(0), endpoint(1), endpoint(2));
            GangTopology topology = gang.get(0).topology().orElseThrow();
            assertThat(topology.nodes()).extracting(GangTopology.Member::address)
                    .containsExactly(endpoint(0), endpoint(1), endpoint(2));
            assertThat(topology.nodes()).extracting(GangTopology.Member::jobId)
                    .containsExactly("job-0", "job-1", "job-2");
            // Peers never read the topology: what they transfer does not grow with the gang.
            assertThat(gang.subList(1, 3)).allSatisfy(i -> assertThat(i.topology()).isEmpty());
            assertThat(gang).extracting(i -> i.transaction().isPresent()).containsExactly(true, false, false);
            assertThat(gang).allSatisfy(i -> assertThat(i.requests()).isPositive());
        } finally {
            gang.forEach(Incarnation::close);
        }
    }

    @Test
    void theTrainingDirectoryHasTheSharedLayout() throws Exception {
        List<Incarnation> gang = joinAll("op-1", 2, Duration.ofSeconds(20));
        try {
            String transactionId = gang.get(0).transaction().orElseThrow().id();
            assertThat(client.get(YT_PATH + "/@incarnation_id").asLong()).isEqualTo(0);
            assertThat(client.list(DIRECTORY.incarnations())).containsExactly("00000");
            JsonNode attributes = client.get(DIRECTORY.incarnation(0) + "/@");
            assertThat(attributes.path("incarnation_operation_id").asText()).isEqualTo("op-1");
            assertThat(attributes.path("incarnation_transaction_id").asText()).isEqualTo(transactionId);
            assertThat(attributes.path("primary_endpoint").asText()).isEqualTo(endpoint(0).toString());
            assertThat(attributes.path("topology")).isEqualTo(new GangTopology(List.of(
                    new GangTopology.Member(endpoint(0), "job-0"),
                    new GangTopology.Member(endpoint(1), "job-1"))).toJson());
            assertThat(client.list(DIRECTORY.nodes(0))).containsExactlyInAnyOrder("0", "1");
            JsonNode locks = client.get(DIRECTORY.primaryLock() + "/@locks");
            assertThat(locks).hasSize(1);
            assertThat(locks.get(0).path("transaction_id").asText()).isEqualTo(transactionId);
            assertThat(locks.get(0).path("mode").asText()).isEqualTo("exclusive");
        } finally {
            gang.forEach(Incarnation::close);
        }
        assertThat(client.get(DIRECTORY.primaryLock() + "/@locks")).isEmpty();
    }

    @Test
    void aSecondOperationWaitsForThePrimaryLockAndGetsTheNextIncarnation() throws Exception {
        List<Incarnation> first = joinAll("op-1", 2, Duration.ofSeconds(20));
        Future<List<Incarnation>> second = nodes.submit(() -> joinAll("op-2", 2, Duration.ofSeconds(30)));
        waitUntil(() -> progress.stream().anyMatch(line -> line.startsWith("waiting for the primary lock")));
        assertThat(progress).contains("waiting for the primary lock of " + YT_PATH + " held by operation op-1"
                + " (transaction " + first.get(0).transaction().orElseThrow().id() + ")");
        assertThat(second.isDone()).isFalse();
        // The waiting peer of op-2 must not have joined op-1's incarnation.
        assertThat(client.list(DIRECTORY.nodes(0))).containsExactlyInAnyOrder("0", "1");

        first.forEach(Incarnation::close);
        List<Incarnation> next = second.get(30, TimeUnit.SECONDS);
        try {
            assertThat(first).extracting(Incarnation::id).containsOnly(0L);
            assertThat(next).extracting(Incarnation::id).containsOnly(1L);
            assertThat(client.get(DIRECTORY.incarnationAttribute(1, "incarnation_operation_id")).asText())
                    .isEqualTo("op-2");
            assertThat(client.get(YT_PATH + "/@incarnation_id").asLong()).isEqualTo(1);
        } finally {
            next.forEach(Incarnation::close);
        }
    }

    @Test
    void aPeerNeverJoinsAStaleIncarnationOfAnotherOperation() throws Exception {
        joinAll("op-old", 1, Duration.ofSeconds(20)).forEach(Incarnation::close);
        Future<Incarnation> peer = nodes.submit(() -> join("op-new", 1, 2, Duration.ofSeconds(20)));
        Thread.sleep(300);
        assertThat(peer.isDone()).isFalse();
        assertThat(client.list(DIRECTORY.nodes(0))).containsExactly("0");

        try (Incarnation primary = join("op-new", 0, 2, Duration.ofSeconds(20));
             Incarnation joined = peer.get(20, TimeUnit.SECONDS)) {
            assertThat(primary.id()).isEqualTo(1);
            assertThat(joined.id()).isEqualTo(1);
        }
    }

    @Test
    void theBarrierTimeoutNamesTheNodesThatNeverArrived() throws Exception {
        Future<Incarnation> peer = nodes.submit(() -> join("op-1", 2, 4, Duration.ofMillis(1500)));
        assertThatThrownBy(() -> join("op-1", 0, 4, Duration.ofMillis(1500)))
                .isInstanceOfSatisfying(BarrierTimeoutException.class,
                        e -> assertThat(e.missingNodes()).containsExactly(1, 3))
                .hasMessage("rendezvous of incarnation 0 in " + YT_PATH + " timed out after 1500 ms (the primary"
                        + " waited): node(s) 1, 3 never arrived");
        assertThat(peer).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(BarrierTimeoutException.class)
                .withMessageEndingWith("(node 2 waited): node(s) 1, 3 never arrived");
        // The primary gave its lock back on failure.
        assertThat(client.get(DIRECTORY.primaryLock() + "/@locks")).isEmpty();
    }

    @Test
    void aPeerWithoutPrimaryTimesOutNamingNodeZero() {
        assertThatThrownBy(() -> join("op-1", 1, 2, Duration.ofMillis(500)))
                .isInstanceOfSatisfying(BarrierTimeoutException.class,
                        e -> assertThat(e.missingNodes()).containsExactly(0))
                .hasMessage("rendezvous in " + YT_PATH + " timed out after 500 ms: node(s) 0 never arrived (the"
                        + " primary did not start an incarnation for operation op-1)");
    }

    @Test
    void aNodeRegistersOnceAndPollsOnlySmallValues() throws Exception {
        List<Incarnation> gang = joinAll("op-1", 4, Duration.ofSeconds(20));
        gang.forEach(Incarnation::close);
        // Creating the directory, the transaction, the lock, bump, incarnation, registration,
        // a few polls, topology and flag: a bounded handful, not a function of waiting time.
        assertThat(gang.get(0).requests()).isBetween(10L, 40L);
        assertThat(gang.subList(1, 4)).allSatisfy(i -> assertThat(i.requests()).isBetween(4L, 30L));
    }

    @Test
    void anExistingDirectoryKeepsCountingIncarnations() throws Exception {
        client.create("map_node", YT_PATH, CreateOptions.builder().recursive(true)
                .attributes(JsonNodeFactory.instance.objectNode().put("incarnation_id", 6)).build());
        try (Incarnation incarnation = join("op-1", 0, 1, Duration.ofSeconds(10))) {
            assertThat(incarnation.id()).isEqualTo(7);
            assertThat(client.exists(DIRECTORY.incarnation(7))).isTrue();
            assertThat(DIRECTORY.incarnation(7)).isEqualTo(YT_PATH + "/incarnations/00007");
        }
    }

    @Test
    void thePrimaryLockIsHeldUntilTheIncarnationCloses() throws Exception {
        Incarnation incarnation = join("op-1", 0, 1, Duration.ofSeconds(10));
        String transactionId = incarnation.transaction().orElseThrow().id();
        assertThat(client.exists("#" + transactionId)).isTrue();
        incarnation.close();
        assertThat(client.exists("#" + transactionId)).isFalse();
        assertThatThrownBy(() -> client.withPrerequisiteTransactions(List.of(transactionId))
                .set(DIRECTORY.incarnationAttribute(0, "x"), JsonNodeFactory.instance.numberNode(1)))
                .isInstanceOf(YtException.class);
    }

    private List<Incarnation> joinAll(String operationId, int nodeCount, Duration timeout) throws Exception {
        List<Future<Incarnation>> futures = new ArrayList<>();
        for (int index = nodeCount - 1; index >= 0; index--) {
            int node = index;
            futures.add(0, nodes.submit(() -> join(operationId, node, nodeCount, timeout)));
        }
        List<Incarnation> gang = new ArrayList<>();
        for (Future<Incarnation> future : futures) {
            gang.add(future.get(60, TimeUnit.SECONDS));
        }
        return gang;
    }
}
