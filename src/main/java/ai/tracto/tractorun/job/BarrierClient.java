package ai.tracto.tractorun.job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
        try (Selector selector = Selector.open(); SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!channel.connect(address)) {
                long connectDeadline = Math.min(deadlineNanos, System.nanoTime() + CONNECT_TIMEOUT.toNanos());
                if (!await(selector, channel, SelectionKey.OP_CONNECT, connectDeadline)) {
                    return Outcome.fallback("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
                }
                channel.finishConnect();
            }
            ByteBuffer out = ByteBuffer.wrap(hello);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0 && !await(selector, channel, SelectionKey.OP_WRITE, deadlineNanos)) {
                    return Outcome.fallback("the hello was not taken before the barrier deadline");
                }
            }
            ByteBuffer in = ByteBuffer.allocate(BarrierServer.MAX_LINE);
            while (true) {
                int read = channel.read(in);
                if (read < 0) {
                    return Outcome.fallback("the primary closed the channel without a release");
                }
                for (int i = in.position() - read; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        String line = new String(in.array(), 0, i, StandardCharsets.US_ASCII);
                        return line.equals(expected) ? Outcome.releasedNow()
                                : Outcome.fallback("unexpected answer '" + printable(line) + "'");
                    }
                }
                if (!in.hasRemaining()) {
                    return Outcome.fallback("an answer longer than " + BarrierServer.MAX_LINE + " bytes");
                }
                if (read == 0 && !await(selector, channel, SelectionKey.OP_READ, deadlineNanos)) {
                    return Outcome.fallback("no release before the barrier deadline");
                }
            }
        } catch (IOException e) {
            return Outcome.fallback(e.toString());
        }
    }

    /** Waits until {@code channel} is ready for {@code operation}; false at the deadline. */
    private static boolean await(Selector selector, SocketChannel channel, int operation, long deadlineNanos)
            throws IOException, InterruptedException {
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            key = channel.register(selector, operation);
        } else {
            key.interestOps(operation);
        }
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            // select(0) would wait for ever: wait at least a millisecond, rounding up.
            int ready = selector.select(Math.max(1, (remaining + 999_999) / 1_000_000));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the barrier release");
            }
            if (ready > 0) {
                selector.selectedKeys().clear();
                return true;
            }
        }
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
