package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The barrier's release channel inside {@link Rendezvous}: the primary releases its peers over it,
 * Cypress stays the truth, every failure of the channel ends in polling, and nothing of the
 * channel outlives the primary's join.
 */
class RendezvousReleaseTest extends RendezvousTestBase {
    @Test
    void thePrimaryPublishesItsBarrierEndpointReleasesEveryPeerOverItAndClosesIt() throws Exception {
        List<Future<Incarnation>> gang = new ArrayList<>();
        for (int node = 0; node < 4; node++) {
            int index = node;
            gang.add(nodes.submit(() -> join("op-1", index, 4, Duration.ofSeconds(30))));
        }
        List<Incarnation> joined = new ArrayList<>();
        for (Future<Incarnation> future : gang) {
            joined.add(future.get(30, TimeUnit.SECONDS));
        }
        joined.forEach(Incarnation::close);

        Endpoint barrier = Endpoint.parse(client.get(DIRECTORY.incarnationAttribute(0, "barrier_endpoint")).asText());
        assertThat(barrier.host()).isEqualTo("127.0.0.1");
        // No peer fell back to polling: each was released by the channel.
        assertThat(progress).isEmpty();
        assertThat(joined).extracting(i -> i.node().nodeIndex()).containsExactly(0, 1, 2, 3);
        BarrierServerTest.assertRefused(barrier.port());
        assertNoBarrierThread();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"refuses", "drops", "answers garbage", "answers another incarnation"})
    void aPeerWhoseChannelFailsIsReleasedByPollingCypress(String primaryBehaviour) throws Exception {
        try (ServerSocket fakeBarrier = new ServerSocket(0); Transaction transaction = fakePrimaryIncarnation()) {
            int port = fakeBarrier.getLocalPort();
            if (primaryBehaviour.equals("refuses")) {
                fakeBarrier.close();
            } else {
                nodes.submit(() -> answerOnce(fakeBarrier, switch (primaryBehaviour) {
                    case "drops" -> "";
                    case "answers garbage" -> "nonsense\n";
                    default -> "released 7\n";
                }));
            }
            publishIncarnation(transaction, "127.0.0.1:" + port);
            Future<Incarnation> peer = nodes.submit(() -> join("op-1", 1, 3, Duration.ofSeconds(30)));
            waitUntil(() -> progress.stream().anyMatch(line -> line.startsWith("node 1: no release")));
            assertThat(peer.isDone()).isFalse();

            registerByHand(2);

            try (Incarnation incarnation = peer.get(30, TimeUnit.SECONDS)) {
                assertThat(incarnation.id()).isZero();
                assertThat(incarnation.node().primaryEndpoint()).isEqualTo(new Endpoint("127.0.0.1", 20000));
            }
            assertThat(progress).hasSize(1);
            assertThat(progress.get(0)).startsWith("node 1: no release from the primary's barrier at 127.0.0.1:"
                    + port + " (").endsWith("); polling " + DIRECTORY.nodes(0) + "/@count");
        }
    }

    @Test
    void thePrimaryReleasesByPollingWhenAPeerNeverConnects() throws Exception {
        Future<Incarnation> primary = nodes.submit(() -> join("op-1", 0, 2, Duration.ofSeconds(30)));
        waitUntil(() -> client.exists(DIRECTORY.nodes(0) + "/0"));

        registerByHand(1);

        try (Incarnation incarnation = primary.get(30, TimeUnit.SECONDS)) {
            assertThat(incarnation.topology().orElseThrow().nodes()).extracting(GangTopology.Member::jobId)
                    .containsExactly("job-0", "job-by-hand-1");
        }
        BarrierServerTest.assertRefused(barrierPort());
    }

    @Test
    void aStrangersHellosReleaseNobodyBeforeCypressCountsTheWholeGang() throws Exception {
        Future<Incarnation> primary = nodes.submit(() -> join("op-1", 0, 3, Duration.ofSeconds(30)));
        Future<Incarnation> peer = nodes.submit(() -> join("op-1", 1, 3, Duration.ofSeconds(30)));
        waitUntil(() -> exists(DIRECTORY.nodes(0) + "/1"));
        try (Socket stranger = new Socket("127.0.0.1", barrierPort())) {
            stranger.getOutputStream().write("hello op-1 0 2\n".getBytes(StandardCharsets.US_ASCII));
            // The hints are complete now, but Cypress counts two registrations: nobody may go.
            Thread.sleep(500);
            assertThat(primary.isDone()).isFalse();
            assertThat(peer.isDone()).isFalse();

            try (Incarnation last = join("op-1", 2, 3, Duration.ofSeconds(30));
                 Incarnation first = primary.get(30, TimeUnit.SECONDS);
                 Incarnation second = peer.get(30, TimeUnit.SECONDS)) {
                assertThat(first.topology().orElseThrow().nodes()).extracting(GangTopology.Member::jobId)
                        .containsExactly("job-0", "job-1", "job-2");
                assertThat(List.of(second.id(), last.id())).containsOnly(0L);
            }
            // The stranger said a valid hello too: it hears the release, which tells it nothing new.
            assertThat(readAll(stranger)).isEqualTo("released 0\n");
        }
        assertThat(progress).isEmpty();
    }

    @Test
    void theChannelIsClosedWhenThePrimaryTimesOutAndItsPeersFallBackWithinTheirOwnDeadline() throws Exception {
        Future<Incarnation> peer = nodes.submit(() -> join("op-1", 1, 3, Duration.ofSeconds(3)));
        assertThatThrownBy(() -> join("op-1", 0, 3, Duration.ofMillis(1500)))
                .isInstanceOfSatisfying(BarrierTimeoutException.class,
                        e -> assertThat(e.missingNodes()).containsExactly(2));
        int port = barrierPort();
        BarrierServerTest.assertRefused(port);
        assertNoBarrierThread();

        assertThat(peer).failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingCause()
                .isInstanceOf(BarrierTimeoutException.class)
                .withMessageEndingWith("(node 1 waited): node(s) 2 never arrived");
        assertThat(progress).contains("node 1: no release from the primary's barrier at 127.0.0.1:" + port
                + " (the primary closed the channel without a release); polling " + DIRECTORY.nodes(0) + "/@count");
    }

    @Test
    void theChannelIsClosedWhenThePrimaryIsInterrupted() throws Exception {
        Future<Incarnation> primary = nodes.submit(() -> join("op-1", 0, 2, Duration.ofSeconds(30)));
        waitUntil(() -> exists(DIRECTORY.incarnationAttribute(0, "barrier_endpoint")));
        int port = barrierPort();
        try (Socket waiting = new Socket("127.0.0.1", port)) {
            waiting.getOutputStream().write("hello op-1 0 1\n".getBytes(StandardCharsets.US_ASCII));

            primary.cancel(true);

            assertThat(BarrierServerTest.endOf(waiting)).isIn("closed", "reset");
        }
        assertThatThrownBy(primary::get).isInstanceOf(CancellationException.class);
        waitUntil(() -> client.get(DIRECTORY.primaryLock() + "/@locks").isEmpty());
        BarrierServerTest.assertRefused(port);
        assertNoBarrierThread();
    }

    @Test
    void withoutABarrierPortThePeersPollCypressAsBefore() throws Exception {
        JobIdentity noPort = new JobIdentity("op-1", "job-0", 0, new Endpoint("127.0.0.1", 20000), OptionalInt.empty());
        Future<Incarnation> primary = nodes.submit(() -> Rendezvous.join(client, DIRECTORY, noPort, 2,
                RendezvousOptions.of(Duration.ofSeconds(30), progress::add)));
        try (Incarnation peer = join("op-1", 1, 2, Duration.ofSeconds(30));
             Incarnation first = primary.get(30, TimeUnit.SECONDS)) {
            assertThat(peer.id()).isZero();
            assertThat(first.topology().orElseThrow().size()).isEqualTo(2);
        }
        assertThat(client.exists(DIRECTORY.incarnationAttribute(0, "barrier_endpoint"))).isFalse();
        assertThat(progress).isEmpty();
    }

    @Test
    void aGangOfOneNeedsNoChannel() throws Exception {
        try (Incarnation alone = join("op-1", 0, 1, Duration.ofSeconds(30))) {
            assertThat(alone.topology().orElseThrow().size()).isEqualTo(1);
        }
        assertThat(client.exists(DIRECTORY.incarnationAttribute(0, "barrier_endpoint"))).isFalse();
    }

    /** An incarnation transaction as a primary holds it, for an incarnation written by hand. */
    private Transaction fakePrimaryIncarnation() {
        return client.startTransaction(TransactionOptions.builder().timeout(Duration.ofSeconds(30)).build());
    }

    /** Incarnation 0 of operation op-1 with node 0 registered, as a primary would leave it. */
    private void publishIncarnation(Transaction transaction, String barrierEndpoint) {
        client.create("map_node", YT_PATH, CreateOptions.builder().recursive(true)
                .attributes(JsonNodeFactory.instance.objectNode().put("incarnation_id", 0)).build());
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put("incarnation_operation_id", "op-1")
                .put("incarnation_transaction_id", transaction.id())
                .put("primary_endpoint", "127.0.0.1:20000")
                .put("barrier_endpoint", barrierEndpoint);
        client.create("map_node", DIRECTORY.incarnation(0), CreateOptions.builder().recursive(true)
                .attributes(attributes).build());
        registerByHand(0);
    }

    /** A registration in Cypress from a node that never touches the release channel. */
    private void registerByHand(int node) {
        client.create("map_node", DIRECTORY.node(0, node), CreateOptions.builder().recursive(true)
                .attributes(JsonNodeFactory.instance.objectNode().put("address", "127.0.0.1:" + (20000 + node))
                        .put("job_id", "job-by-hand-" + node)).build());
    }

    /** Accepts one connection, reads the hello, answers {@code answer} and closes. */
    private static Void answerOnce(ServerSocket server, String answer) throws IOException {
        try (Socket connection = server.accept()) {
            connection.setSoTimeout(20_000);
            InputStream in = connection.getInputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                // The hello is read whole so that closing sends an end, not a reset.
            }
            connection.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
        }
        return null;
    }

    private int barrierPort() {
        return Endpoint.parse(client.get(DIRECTORY.incarnationAttribute(0, "barrier_endpoint")).asText()).port();
    }

    private boolean exists(String path) {
        return client.exists(path);
    }

    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** The release channel is served by the primary's own thread: no thread of its name may exist. */
    private static void assertNoBarrierThread() {
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("barrier"));
    }
}
