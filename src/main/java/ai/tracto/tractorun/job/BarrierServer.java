package ai.tracto.tractorun.job;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The primary's side of the barrier's release channel: a small TCP server the peers connect to
 * once they have registered in Cypress, so that the primary tells them the moment the barrier
 * opens instead of each peer polling {@code nodes/@count}. Cypress stays the truth; the channel
 * only makes the release fast, and every failure of it ends in the polling that works without it.
 *
 * <p>The protocol, one exchange per connection, in ASCII lines that end in {@code \n} and are at
 * most {@value #MAX_LINE} bytes long with it:
 * <pre>
 *   peer → primary:   hello &lt;operation_id&gt; &lt;incarnation_id&gt; &lt;node_index&gt;
 *   primary → peer:   released &lt;incarnation_id&gt;
 * </pre>
 * The peer sends its hello after its registration was created and then only reads; the primary
 * answers once every node is registered, then closes the connection. Anything else is closed
 * without an answer: a hello for another operation or incarnation, a node index that is not a
 * peer of this gang ({@code 1..N-1}), a line that does not end within the limit, bytes after
 * the line. A peer treats every end other than {@code released <its incarnation>} (refused,
 * closed, reset, another answer, nothing before its barrier deadline) as "ask Cypress".
 *
 * <p>A hello is a hint, not a registration: anyone who can reach the port can send one. The
 * primary waits on the hints and confirms with one read of {@code nodes/@count} before it calls
 * {@link #release()}. Connections are capped (a few per node), so a flood of strangers can at
 * worst send the peers back to polling.
 *
 * <p>The server has no thread of its own: the primary's thread serves the connections while it
 * waits in {@link #awaitAllHinted}, so nothing of it can outlive {@link #close()}.
 */
final class BarrierServer implements AutoCloseable {
    /** The longest line either side sends, {@code \n} included. */
    static final int MAX_LINE = 256;
    static final String HELLO = "hello";
    static final String RELEASED = "released";

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final String operationId;
    private final long incarnationId;
    private final int nodeCount;
    private final int maxConnections;
    private final BitSet hinted = new BitSet();
    /**
     * Connections whose hello was valid, taken off the selector: nothing more is read from them,
     * and the release is then one write and one close each, with no selector work in between.
     */
    private final List<SocketChannel> greeted = new ArrayList<>();
    private int connections;
    /** A valid hello arrived since {@link #awaitAllHinted} last reported the full set. */
    private boolean newHello;
    private Optional<String> failure = Optional.empty();
    private boolean closed;

    private BarrierServer(ServerSocketChannel listener, Selector selector, String operationId, long incarnationId,
                          int nodeCount) {
        this.listener = listener;
        this.selector = selector;
        this.operationId = operationId;
        this.incarnationId = incarnationId;
        this.nodeCount = nodeCount;
        this.maxConnections = 2 * nodeCount + 16;
    }

    /**
     * Listens on {@code port} of every interface (0: any free port) for the peers of one
     * incarnation of a gang of {@code nodeCount} nodes.
     */
    static BarrierServer open(int port, String operationId, long incarnationId, int nodeCount) throws IOException {
        Objects.requireNonNull(operationId, "operationId");
        if (nodeCount < 2) {
            throw new IllegalArgumentException("a barrier server needs a gang of at least 2 nodes, got " + nodeCount);
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // Every peer may connect at once; the kernel caps the backlog at its own limit.
            listener.bind(new InetSocketAddress(port), nodeCount + 16);
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            return new BarrierServer(listener, selector, operationId, incarnationId, nodeCount);
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** The port it listens on. */
    int port() {
        return listener.socket().getLocalPort();
    }

    /** How many distinct peers said hello so far. */
    int hinted() {
        return hinted.cardinality();
    }

    /** Why the server stopped serving before its release, if it did (peers then poll). */
    Optional<String> failure() {
        return failure;
    }

    boolean isOpen() {
        return !closed;
    }

    /**
     * Serves connections until every peer of the gang said hello, or until {@code deadlineNanos}
     * ({@link System#nanoTime()} based). Returns true when every peer has said hello and a hello
     * arrived since the last true: the moment to confirm with Cypress. A server that failed just
     * waits until the deadline.
     */
    boolean awaitAllHinted(long deadlineNanos) throws InterruptedException {
        while (true) {
            if (newHello && hinted.cardinality() == nodeCount - 1) {
                newHello = false;
                return true;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            if (closed) {
                Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
                return false;
            }
            try {
                // select(0) would wait for ever: wait at least a millisecond, rounding up.
                selector.select(Math.max(1, (remaining + 999_999) / 1_000_000));
                serveSelected();
            } catch (IOException e) {
                fail(e);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting at the rendezvous barrier");
            }
        }
    }

    /**
     * Sends the release to every peer that said hello (hellos already waiting in the socket
     * buffers included) and closes the server. Call it only once Cypress confirmed that every
     * node registered.
     *
     * @return how many connections got the release
     */
    int release() {
        if (closed) {
            return 0;
        }
        try {
            // Twice: connections accepted by the first pass have their hellos read by the second.
            for (int pass = 0; pass < 2; pass++) {
                selector.selectNow();
                serveSelected();
            }
        } catch (IOException e) {
            fail(e);
            return 0;
        }
        ByteBuffer line = ByteBuffer.wrap((RELEASED + " " + incarnationId + "\n").getBytes(StandardCharsets.US_ASCII));
        int released = 0;
        for (SocketChannel channel : greeted) {
            try {
                // A connection that sent its one line has an empty send buffer: the short line goes
                // out whole, or the peer sees it cut and asks Cypress.
                if (channel.write(line.duplicate()) == line.remaining()) {
                    released++;
                }
            } catch (IOException e) {
                // That peer is gone, or will find out by polling.
            }
        }
        close();
        return released;
    }

    private void serveSelected() throws IOException {
        Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
        while (selected.hasNext()) {
            SelectionKey key = selected.next();
            selected.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                acceptAll();
            } else if (key.isReadable()) {
                read(key);
            }
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            if (connections >= maxConnections) {
                channel.close();
                continue;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.register(selector, SelectionKey.OP_READ, new Connection());
                connections++;
            } catch (IOException e) {
                channel.close();
            }
        }
    }

    private void read(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            ByteBuffer buffer = connection.buffer;
            int read = channel.read(buffer);
            if (read < 0) {
                drop(key);
                return;
            }
            int end = -1;
            for (int i = buffer.position() - read; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                if (!buffer.hasRemaining()) {
                    drop(key);
                }
                return;
            }
            if (end != buffer.position() - 1) {
                // More than the one line the protocol allows.
                drop(key);
                return;
            }
            String line = new String(buffer.array(), 0, end, StandardCharsets.US_ASCII);
            Optional<Integer> node = peerOf(line);
            if (node.isEmpty()) {
                drop(key);
                return;
            }
            key.cancel();
            greeted.add(channel);
            hinted.set(node.get());
            newHello = true;
        } catch (IOException e) {
            drop(key);
        }
    }

    /** The peer's node index, when {@code line} is a hello of a peer of this incarnation. */
    private Optional<Integer> peerOf(String line) {
        String[] words = line.split(" ", -1);
        if (words.length != 4 || !words[0].equals(HELLO) || !words[1].equals(operationId)
                || !words[2].equals(Long.toString(incarnationId))) {
            return Optional.empty();
        }
        try {
            int node = Integer.parseInt(words[3]);
            return node >= 1 && node < nodeCount && words[3].equals(Integer.toString(node))
                    ? Optional.of(node) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void drop(SelectionKey key) {
        key.cancel();
        connections--;
        try {
            key.channel().close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    private void fail(IOException e) {
        failure = Optional.of(e.toString());
        close();
    }

    /** Closes every connection and the listening socket; peers still waiting then poll Cypress. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Channel> channels = new ArrayList<>(greeted);
        for (SelectionKey key : selector.keys()) {
            channels.add(key.channel());
        }
        channels.add(listener);
        for (Channel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to do for it.
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // The channels are closed; the selector's own descriptors go with it.
        }
    }

    /** A connection until its hello: what it sent so far. */
    private static final class Connection {
        private final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
    }
}
