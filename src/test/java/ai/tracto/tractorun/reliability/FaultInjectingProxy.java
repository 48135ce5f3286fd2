package ai.tracto.tractorun.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A TCP proxy in front of an HTTP server (the embedded cluster) that counts the bytes both ways
 * and can spoil the first request of chosen connections: answer it with a 503, or read it and
 * hang up without an answer (a dropped connection). Uploads ({@code PUT}) are never spoiled: a
 * client rightly does not resend a body it already sent, so spoiling one tests nothing but luck.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    /** What happens to the first request of a new connection. */
    public enum Fault { NONE, RESPOND_503, DROP }

    private static final byte[] UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Content-Length: 52\r\nConnection: close\r\n\r\n"
            + "{\"code\":1,\"message\":\"injected by the test proxy\"}\n\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final IntFunction<Fault> faults;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicInteger injected503 = new AtomicInteger();
    private final AtomicInteger injectedDrops = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private FaultInjectingProxy(URI upstream, IntFunction<Fault> faults) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.faults = faults;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that only counts. */
    public static FaultInjectingProxy counting(URI upstream) throws IOException {
        return new FaultInjectingProxy(upstream, index -> Fault.NONE);
    }

    /** A proxy whose connection number {@code index} (from 0) gets {@code faults.apply(index)}. */
    public static FaultInjectingProxy withFaults(URI upstream, IntFunction<Fault> faults) throws IOException {
        return new FaultInjectingProxy(upstream, faults);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public long bytes() {
        return bytesUp.get() + bytesDown.get();
    }

    public int connections() {
        return connections.get();
    }

    public int injected503() {
        return injected503.get();
    }

    public int injectedDrops() {
        return injectedDrops.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int index = connections.getAndIncrement();
                Thread thread = new Thread(() -> serve(client, faults.apply(index)), "proxy-" + index);
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, Fault fault) {
        open.add(client);
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            byte[] head = new byte[0];
            if (fault != Fault.NONE) {
                head = readHead(in);
                boolean upload = head.length >= 4 && new String(head, 0, 4, StandardCharsets.US_ASCII).equals("PUT ");
                if (!upload && fault == Fault.RESPOND_503) {
                    injected503.incrementAndGet();
                    client.getOutputStream().write(UNAVAILABLE);
                    client.getOutputStream().flush();
                    return;
                }
                if (!upload && fault == Fault.DROP) {
                    injectedDrops.incrementAndGet();
                    return;
                }
            }
            try (Socket server = new Socket()) {
                open.add(server);
                server.setTcpNoDelay(true);
                server.connect(upstream);
                bytesUp.addAndGet(head.length);
                server.getOutputStream().write(head);
                Thread down = new Thread(() -> pump(server, client, bytesDown), "proxy-down");
                down.setDaemon(true);
                down.start();
                pump(client, server, bytesUp);
                down.join();
            } finally {
                open.removeIf(Socket::isClosed);
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended; the client sees that as any dropped connection.
        } finally {
            open.remove(client);
        }
    }

    /** Reads up to the blank line that ends a request head (or the end of the stream). */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
        }
        return head.toByteArray();
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // Both ends are being torn down anyway.
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listening socket has nothing useful to report.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // As above.
            }
        }
    }
}
