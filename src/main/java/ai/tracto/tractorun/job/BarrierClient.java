package ai.tracto.tractorun.job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A peer's side of the barrier's release channel (the protocol is in {@link BarrierServer}):
 * says hello to the primary and waits for its release. Every way this can go wrong (refused,
 * no connection in time, closed, a garbled or foreign answer, no answer before the barrier
 * deadline) ends in a {@link Outcome#fallback} and the peer polls Cypress instead, within the
 * same deadline. Waiting is interruptible.
 */
final class BarrierClient {
    /**
     * How long a connection may take. The primary listens before it publishes its endpoint, so
     * a slow connect means a network that drops packets: better to poll than to wait.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Released, or why not (in words for the job's log). */
    record Outcome(boolean released, String reason) {
        static Outcome releasedNow() {
            return new Outcome(true, "released");
        }

        static Outcome fallback(String reason) {
            return new Outcome(false, reason);
        }
    }

    private BarrierClient() {}

    /**
     * Says hello to the primary's barrier server at {@code barrier} as node {@code nodeIndex}
     * of incarnation {@code incarnationId} and waits for the release until {@code deadlineNanos}
     * ({@link System#nanoTime()} based).
     */
    static Outcome awaitRelease(Endpoint barrier, String operationId, long incarnationId, int nodeIndex,
                                long deadlineNanos) throws InterruptedException {
        byte[] hello = (BarrierServer.HELLO + " " + operationId + " " + incarnationId + " " + nodeIndex + "\n")
                .getBytes(StandardCharsets.UTF_8);
        if (hello.length > BarrierServer.MAX_LINE) {
            return Outcome.fallback("the operation id is too long for the release channel");
        }
        String expected = BarrierServer.RELEASED + " " + incarnationId;
        String host = barrier.host().startsWith("[") && barrier.host().endsWith("]")
                ? barrier.host().substring(1, barrier.host().length() - 1) : barrier.host();
        InetSocketAddress address = new InetSocketAddress(host, barrier.port());
        if (address.isUnresolved()) {
            return Outcome.fallback("cannot resolve " + barrier.host());
        }
        // A blocking channel used through its socket: connect and read take timeouts, and an
        // interrupt ends them (it closes the channel), without a selector for one connection.
        try (SocketChannel channel = SocketChannel.open()) {
            Socket socket = channel.socket();
            socket.setTcpNoDelay(true);
            long connectMillis = millisUntil(Math.min(deadlineNanos, System.nanoTime() + CONNECT_TIMEOUT.toNanos()));
            if (connectMillis <= 0) {
                return Outcome.fallback("no time left to connect before the barrier deadline");
            }
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, connectMillis));
            socket.getOutputStream().write(hello);
            byte[] in = new byte[BarrierServer.MAX_LINE];
            int length = 0;
            while (true) {
                long readMillis = millisUntil(deadlineNanos);
                if (readMillis <= 0) {
                    return Outcome.fallback("no release before the barrier deadline");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readMillis));
                int read;
                try {
                    read = socket.getInputStream().read(in, length, in.length - length);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (read < 0) {
                    return Outcome.fallback("the primary closed the channel without a release");
                }
                for (int i = length; i < length + read; i++) {
                    if (in[i] == '\n') {
                        String line = new String(in, 0, i, StandardCharsets.US_ASCII);
                        return line.equals(expected) ? Outcome.releasedNow()
                                : Outcome.fallback("unexpected answer '" + printable(line) + "'");
                    }
                }
                length += read;
                if (length == in.length) {
                    return Outcome.fallback("an answer longer than " + BarrierServer.MAX_LINE + " bytes");
                }
            }
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for the barrier release");
        } catch (SocketTimeoutException e) {
            return Outcome.fallback("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return Outcome.fallback(e.toString());
        }
    }

    /** Whole milliseconds until {@code deadlineNanos}, rounded up; 0 or less once it passed. */
    private static long millisUntil(long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        return remaining <= 0 ? 0 : (remaining + 999_999) / 1_000_000;
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
