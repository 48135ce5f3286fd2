package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer's side of the release channel against hand-made primaries: every failure is a fallback. */
@Timeout(60)
class BarrierClientTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPeerSaysWhoItIsAndIsReleasedByTheAnswerForItsIncarnation() throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            Future<BarrierClient.Outcome> outcome = peer(primary, "op-1", 3, 2, LONG);
            try (Socket connection = primary.accept()) {
                assertThat(readLine(connection)).isEqualTo("hello op-1 3 2");
                connection.getOutputStream().write("released 3\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo(new BarrierClient.Outcome(true, "released"));
        }
    }

    @Test
    void theReleaseOfAnotherIncarnationOrAnyOtherAnswerIsAFallback() throws Exception {
        assertThat(answered("released 4\n")).isEqualTo(new BarrierClient.Outcome(false,
                "unexpected answer 'released 4'"));
        assertThat(answered("released 3 \n")).isEqualTo(new BarrierClient.Outcome(false,
                "unexpected answer 'released 3 '"));
        assertThat(answered("\u0001\n")).isEqualTo(new BarrierClient.Outcome(false, "unexpected answer '?'"));
        assertThat(answered("x".repeat(BarrierServer.MAX_LINE + 1))).isEqualTo(new BarrierClient.Outcome(false,
                "an answer longer than " + BarrierServer.MAX_LINE + " bytes"));
        assertThat(answered("released 3")).isEqualTo(new BarrierClient.Outcome(false,
                "the primary closed the channel without a release"));
    }

    @Test
    void aRefusedConnectionIsAFallback() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        BarrierClient.Outcome outcome = BarrierClient.awaitRelease(new Endpoint("127.0.0.1", port), "op-1", 3, 1,
                System.nanoTime() + LONG);
        assertThat(outcome.released()).isFalse();
        assertThat(outcome.reason()).isEqualTo("java.net.ConnectException: Connection refused");
    }

    @Test
    void aSilentPrimaryHoldsThePeerOnlyUntilTheBarrierDeadline() throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            Future<BarrierClient.Outcome> outcome = peer(primary, "op-1", 3, 1,
                    TimeUnit.MILLISECONDS.toNanos(300));
            try (Socket connection = primary.accept()) {
                assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo(new BarrierClient.Outcome(false,
                        "no release before the barrier deadline"));
            }
        }
    }

    @Test
    void aPastDeadlineIsAFallbackWithoutAConnection() throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            BarrierClient.Outcome outcome = BarrierClient.awaitRelease(new Endpoint("127.0.0.1",
                    primary.getLocalPort()), "op-1", 3, 1, System.nanoTime() - 1);
            assertThat(outcome).isEqualTo(new BarrierClient.Outcome(false,
                    "no time left to connect before the barrier deadline"));
        }
    }

    @Test
    void anOperationIdTooLongForALineIsAFallbackWithoutAConnection() throws Exception {
        BarrierClient.Outcome outcome = BarrierClient.awaitRelease(new Endpoint("127.0.0.1", 1),
                "o".repeat(BarrierServer.MAX_LINE), 3, 1, System.nanoTime() + LONG);
        assertThat(outcome).isEqualTo(new BarrierClient.Outcome(false,
                "the operation id is too long for the release channel"));
    }

    @Test
    void anInterruptEndsTheWaitAndClosesTheConnection() throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            Future<BarrierClient.Outcome> outcome = peer(primary, "op-1", 3, 1, LONG);
            try (Socket connection = primary.accept()) {
                assertThat(readLine(connection)).isEqualTo("hello op-1 3 1");
                outcome.cancel(true);
                assertThat(BarrierServerTest.endOf(connection)).isIn("closed", "reset");
            }
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterruptedPeerThrowsInterruptedException() throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            Future<String> thrown = threads.submit(() -> {
                Thread.currentThread().interrupt();
                try {
                    BarrierClient.awaitRelease(new Endpoint("127.0.0.1", primary.getLocalPort()), "op-1", 3, 1,
                            System.nanoTime() + LONG);
                    return "returned";
                } catch (InterruptedException e) {
                    return "interrupted, flag " + Thread.currentThread().isInterrupted();
                }
            });
            assertThat(thrown.get(20, TimeUnit.SECONDS)).isEqualTo("interrupted, flag false");
        }
    }

    /** What a peer of incarnation 3 makes of a primary that answers {@code answer} and closes. */
    private BarrierClient.Outcome answered(String answer) throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            Future<BarrierClient.Outcome> outcome = peer(primary, "op-1", 3, 1, LONG);
            try (Socket connection = primary.accept()) {
                readLine(connection);
                connection.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            }
            return outcome.get(20, TimeUnit.SECONDS);
        }
    }

    private Future<BarrierClient.Outcome> peer(ServerSocket primary, String operationId, long incarnationId, int node,
                                               long waitNanos) {
        Endpoint endpoint = new Endpoint("127.0.0.1", primary.getLocalPort());
        return threads.submit(() -> BarrierClient.awaitRelease(endpoint, operationId, incarnationId, node,
                System.nanoTime() + waitNanos));
    }

    private static String readLine(Socket connection) throws IOException {
        connection.setSoTimeout(20_000);
        InputStream in = connection.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
