package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.OperationService;
import ai.tracto.tractorun.localcluster.cypress.CypressService;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP proxy of the embedded cluster, bound to loopback. */
public final class HttpFrontend implements AutoCloseable {
    /** Enough workers that many clients waiting on slow commands do not starve the rest. */
    private static final int THREADS = 128;

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every small
        // answer waits out Nagle's algorithm against the client's delayed ACK (about 40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpFrontend(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code port} (0: any free one) without serving yet: binding and the JDK server's
     * start-up may run while Cypress loads. {@link #serve} starts answering; {@link #close} undoes either.
     */
    public static HttpFrontend bind(int port) {
        Thread dateNames = new Thread(HttpFrontend::loadDateHeaderNames, "local-cluster-date-names");
        dateNames.setDaemon(true);
        dateNames.start();
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "local-cluster-http-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            server.setExecutor(executor);
            return new HttpFrontend(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /**
     * The JDK server stamps every answer with a {@code Date} header whose zone is written by name
     * ({@code GMT}); the first answer of a JVM loads the locale data for that name, 20-30 ms. The
     * same formatting on a thread of its own, while Cypress loads and the server binds, leaves the
     * first client nothing to wait for.
     */
    private static void loadDateHeaderNames() {
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US).withZone(ZoneId.of("GMT"))
                .format(Instant.now());
    }

    /** Starts answering the v4 API from {@code cypress} and {@code operations}; once. */
    public void serve(CypressService cypress, OperationService operations) {
        server.createContext("/", new ProxyHandler(new CommandTable(cypress, operations), this::address));
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://" + address());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
