package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The primary's side of the release channel, with real peers ({@link BarrierClient}) and raw sockets. */
@Timeout(60)
class BarrierServerTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    private final ExecutorService peers = Executors.newCachedThreadPool();
    private final List<BarrierServer> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        servers.forEach(BarrierServer::close);
        peers.shutdownNow();
        assertThat(peers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theReleaseReachesEveryPeerThatSaidHello() throws Exception {
        BarrierServer server = open("op-1", 3, 4);
        List<Future<BarrierClient.Outcome>> waiting = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            waiting.add(peer(server, "op-1", 3, node));
        }

        awaitAllHinted(server);
        assertThat(server.hinted()).isEqualTo(3);
        assertThat(server.release()).isEqualTo(3);

        for (Future<BarrierClient.Outcome> outcome : waiting) {
            assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo(new BarrierClient.Outcome(true, "released"));
        }
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void theFullSetOfHintsIsReportedOnceAndAgainOnlyAfterANewHello() throws Exception {
        BarrierServer server = open("op-1", 0, 2);
        Future<BarrierClient.Outcome> first = peer(server, "op-1", 0, 1);
        awaitAllHinted(server);
        // Nothing new: the wait runs to its deadline and says the hints have not changed.
        assertThat(server.awaitAllHinted(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50))).isFalse();

        Future<BarrierClient.Outcome> again = peer(server, "op-1", 0, 1);
        awaitAllHinted(server);
        assertThat(server.hinted()).isEqualTo(1);
        assertThat(server.release()).isEqualTo(2);
        assertThat(first.get(20, TimeUnit.SECONDS).released()).isTrue();
        assertThat(again.get(20, TimeUnit.SECONDS).released()).isTrue();
    }

    @Test
    void aHelloForAnotherOperationIncarnationOrNodeIsClosedWithoutAnAnswer() throws Exception {
        BarrierServer server = open("op-1", 3, 3);
        for (String hello : List.of("hello op-2 3 1\n", "hello op-1 4 1\n", "hello op-1 3 0\n", "hello op-1 3 3\n",
                "hello op-1 3 -1\n", "hello op-1 3 01\n", "hello op-1 3 1 extra\n", "released 3\n")) {
            Future<String> answer = raw(server, hello.getBytes(StandardCharsets.US_ASCII));
            assertThat(serveUntilDone(server, answer)).as(hello).isEqualTo("closed");
        }
        assertThat(server.hinted()).isZero();
    }

    @Test
    void aMalformedOrOversizedLineIsDroppedWithoutHarmingThePeers() throws Exception {
        BarrierServer server = open("op-1", 0, 3);
        Future<BarrierClient.Outcome> one = peer(server, "op-1", 0, 1);
        byte[] oversized = new byte[BarrierServer.MAX_LINE + 10];
        java.util.Arrays.fill(oversized, (byte) 'x');
        for (byte[] garbage : List.of("nonsense\n".getBytes(StandardCharsets.US_ASCII), oversized,
                "hello op-1 0 2\nmore".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1, 2, '\n'})) {
            assertThat(serveUntilDone(server, raw(server, garbage))).isIn("closed", "reset");
        }
        Future<BarrierClient.Outcome> two = peer(server, "op-1", 0, 2);

        awaitAllHinted(server);
        assertThat(server.release()).isEqualTo(2);
        assertThat(one.get(20, TimeUnit.SECONDS).released()).isTrue();
        assertThat(two.get(20, TimeUnit.SECONDS).released()).isTrue();
    }

    @Test
    void aHelloFromAConnectionThatDroppedStillCountsAsAHintAndHarmsNoOne() throws Exception {
        BarrierServer server = open("op-1", 0, 3);
        Future<String> gone = raw(server, "hello op-1 0 1\n".getBytes(StandardCharsets.US_ASCII), true);
        assertThat(gone.get(20, TimeUnit.SECONDS)).isEqualTo("sent");
        Future<BarrierClient.Outcome> two = peer(server, "op-1", 0, 2);

        // The hello of the dropped connection still counts as a hint: Cypress decides.
        awaitAllHinted(server);
        assertThat(server.hinted()).isEqualTo(2);
        assertThat(server.release()).isBetween(1, 2);
        assertThat(two.get(20, TimeUnit.SECONDS).released()).isTrue();
    }

    @Test
    void closingWithoutReleaseSendsEveryPeerBackToPolling() throws Exception {
        BarrierServer server = open("op-1", 0, 2);
        Future<BarrierClient.Outcome> waiting = peer(server, "op-1", 0, 1);
        awaitAllHinted(server);

        server.close();

        assertThat(waiting.get(20, TimeUnit.SECONDS))
                .isEqualTo(new BarrierClient.Outcome(false, "the primary closed the channel without a release"));
    }

    @Test
    void afterCloseThePortIsFreeAndReleaseSendsNothing() throws Exception {
        BarrierServer server = open("op-1", 0, 2);
        int port = server.port();
        try (Socket connected = new Socket("127.0.0.1", port)) {
            server.awaitAllHinted(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
            server.close();
            // Closed if it was accepted, reset if it still waited in the backlog.
            assertThat(endOf(connected)).isIn("closed", "reset");
        }
        assertRefused(port);
        assertThat(server.isOpen()).isFalse();
        assertThat(server.release()).isZero();
        server.close();
    }

    @Test
    void anInterruptEndsTheWaitForHints() throws Exception {
        BarrierServer server = open("op-1", 0, 2);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> server.awaitAllHinted(System.nanoTime() + LONG))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        server.close();
        assertRefused(server.port());
    }

    @Test
    void aGangOfOneHasNoServer() {
        assertThatThrownBy(() -> BarrierServer.open(0, "op-1", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a barrier server needs a gang of at least 2 nodes, got 1");
    }

    /** How a connection that the other side should end ends: "closed", "reset" or "data". */
    static String endOf(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        try {
            return socket.getInputStream().read() < 0 ? "closed" : "data";
        } catch (SocketException e) {
            return "reset";
        }
    }

    static void assertRefused(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private BarrierServer open(String operationId, long incarnationId, int nodeCount) throws IOException {
        BarrierServer server = BarrierServer.open(0, operationId, incarnationId, nodeCount);
        servers.add(server);
        return server;
    }

    private Future<BarrierClient.Outcome> peer(BarrierServer server, String operationId, long incarnationId,
                                               int node) {
        Endpoint endpoint = new Endpoint("127.0.0.1", server.port());
        return peers.submit(() -> BarrierClient.awaitRelease(endpoint, operationId, incarnationId, node,
                System.nanoTime() + LONG));
    }

    private Future<String> raw(BarrierServer server, byte[] bytes) {
        return raw(server, bytes, false);
    }

    /**
     * Sends {@code bytes} and reports how the server answered: "closed" (end of stream), "reset",
     * or the answer; with {@code leave}, closes the connection at once and reports "sent".
     */
    private Future<String> raw(BarrierServer server, byte[] bytes, boolean leave) {
        int port = server.port();
        return peers.submit(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(bytes);
                if (leave) {
                    return "sent";
                }
                socket.setSoTimeout(20_000);
                InputStream in = socket.getInputStream();
                byte[] answer = in.readAllBytes();
                return answer.length == 0 ? "closed" : new String(answer, StandardCharsets.US_ASCII);
            } catch (SocketException e) {
                return "reset";
            }
        });
    }

    /** Serves the server's connections until {@code done} completes; its result. */
    private static <T> T serveUntilDone(BarrierServer server, Future<T> done) throws Exception {
        long deadline = System.nanoTime() + LONG;
        while (!done.isDone()) {
            assertThat(System.nanoTime()).as("served for 30 s").isLessThan(deadline);
            server.awaitAllHinted(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        }
        return done.get();
    }

    private static void awaitAllHinted(BarrierServer server) throws InterruptedException {
        assertThat(server.awaitAllHinted(System.nanoTime() + LONG)).as("every peer said hello within 30 s").isTrue();
    }
}
