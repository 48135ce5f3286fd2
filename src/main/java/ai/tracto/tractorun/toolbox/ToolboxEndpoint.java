package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.Coordinator;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The toolbox for workers in any language: one loopback HTTP server per node, one path prefix
 * per worker, {@code /workers/<local_rank>}, handed to the worker in {@code TRACTORUN_TOOLBOX_URL}.
 *
 * <pre>
 * GET  .../coordinator       the worker's coordinator as JSON
 * GET  .../user_config       the user config (JSON, null when none)
 * GET  .../checkpoints/last  204 when none; else the value streamed, with X-Checkpoint-Index and X-Checkpoint-Metadata
 * POST .../checkpoints       the value (chunked or sized), X-Checkpoint-Metadata; answers {"index": n}
 * POST .../description       a JSON map, shown on the operation under annotations/description/extra; answers {}
 * POST .../models            the model bytes, X-Model-Metadata (and optionally X-Model-Dataset-Path);
 *                            the primary writes it to yt_path/models/incarnation; answers {"path": p}
 * </pre>
 *
 * Checkpoint values go straight between the worker's connection and the cluster, never whole
 * into memory. A value cut short (the worker died mid-upload) is never committed: the save's
 * transaction is aborted. Errors answer 4xx/5xx with a one-line text body.
 */
public final class ToolboxEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ToolboxEndpoint.class);
    private static final String PREFIX = "/workers/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Worker> workers;
    private final CheckpointManager checkpoints;
    private final JsonNode userConfig;
    private boolean closed;

    private record Worker(Coordinator coordinator, ModelSaver models) {
    }

    private ToolboxEndpoint(Builder b) throws IOException {
        this.userConfig = b.userConfig == null ? JsonNodeFactory.instance.nullNode() : b.userConfig.deepCopy();
        this.checkpoints = new CheckpointManager(b.yt, b.ytPath);
        DescriptionManager description = new DescriptionManager(b.yt, Optional.ofNullable(b.operationId),
                Optional.ofNullable(b.cypressLinkTemplate));
        List<Worker> list = new ArrayList<>();
        for (Coordinator coordinator : b.workers) {
            list.add(new Worker(coordinator, new ModelSaver(b.yt, b.ytPath, coordinator, b.mesh, userConfig,
                    Optional.ofNullable(b.operationId), Optional.ofNullable(b.jobId))));
        }
        this.workers = List.copyOf(list);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tractorun-toolbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, description));
        server.start();
    }

    /**
     * Starts up the JDK's HTTP server once without serving (its classes, its logger, the method
     * handles its code spins at first use: 10-20 ms of a cold JVM), so that the endpoint starts
     * quickly later. Any failure is left for {@link Builder#start()} to report.
     */
    static void prepare() {
        try {
            HttpServer.create().stop(0);
        } catch (IOException e) {
            // Nothing was prepared; starting the endpoint will say what is wrong.
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>/workers/<localRank>}: the worker's {@code TRACTORUN_TOOLBOX_URL}. */
    public URI url(int localRank) {
        if (localRank < 0 || localRank >= workers.size()) {
            throw new IllegalArgumentException("local rank must be within 0.." + (workers.size() - 1) + ", got "
                    + localRank);
        }
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort()
                + PREFIX + localRank);
    }

    /** Stops serving at once, then waits for checkpoint saves already running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        checkpoints.close();
    }

    private void handle(HttpExchange exchange, DescriptionManager description) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                throw new NotFound("no such toolbox resource: " + path);
            }
            String rest = path.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            String rankText = slash < 0 ? rest : rest.substring(0, slash);
            String resource = slash < 0 ? "" : rest.substring(slash);
            Worker worker = worker(rankText).orElseThrow(() -> new NotFound("no worker with local rank '"
                    + rankText + "' on this node (0.." + (workers.size() - 1) + ")"));
            route(exchange, worker, resource, description);
        } catch (NotFound e) {
            respondText(exchange, 404, e.getMessage());
        } catch (WrongMethod e) {
            respondText(exchange, 405, e.getMessage());
        } catch (ClientError e) {
            respondText(exchange, 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("toolbox request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            respondText(exchange, 500, oneLine(e));
        }
        // An IOException skips this close on purpose: the server then drops the connection, so a
        // response that broke off mid-stream is never ended as if it were complete.
        exchange.close();
    }

    private void route(HttpExchange exchange, Worker worker, String resource, DescriptionManager description)
            throws IOException {
        String method = exchange.getRequestMethod();
        switch (resource) {
            case "/coordinator" -> {
                requireMethod(method, "GET");
                respondJson(exchange, worker.coordinator().toJson());
            }
            case "/user_config" -> {
                requireMethod(method, "GET");
                respondJson(exchange, userConfig);
            }
            case "/checkpoints/last" -> {
                requireMethod(method, "GET");
                sendLastCheckpoint(exchange);
            }
            case "/checkpoints" -> {
                requireMethod(method, "POST");
                JsonNode metadata = headerJson(exchange, "X-Checkpoint-Metadata");
                int index = join(checkpoints.saveCheckpoint(body(exchange), metadata));
                respondJson(exchange, JsonNodeFactory.instance.objectNode().put("index", index));
            }
            case "/description" -> {
                requireMethod(method, "POST");
                JsonNode value = readJson(body(exchange), "description");
                if (!value.isObject()) {
                    throw new ClientError("description must be a JSON object, got " + value.getNodeType());
                }
                description.set(value);
                respondJson(exchange, JsonNodeFactory.instance.objectNode());
            }
            case "/models" -> {
                requireMethod(method, "POST");
                JsonNode metadata = headerJson(exchange, "X-Model-Metadata");
                String datasetPath = exchange.getRequestHeaders().getFirst("X-Model-Dataset-Path");
                String saved;
                try (InputStream in = body(exchange)) {
                    saved = worker.models().save(in, datasetPath, metadata);
                }
                respondJson(exchange, JsonNodeFactory.instance.objectNode().put("path", saved));
            }
            default -> throw new NotFound("no such toolbox resource: " + resource);
        }
    }

    private void sendLastCheckpoint(HttpExchange exchange) throws IOException {
        Optional<Checkpoint> last = checkpoints.lastCheckpoint();
        if (last.isEmpty()) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        Checkpoint checkpoint = last.get();
        long size = checkpoint.valueSize();
        try (InputStream value = checkpoint.openValue()) {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("X-Checkpoint-Index", Integer.toString(checkpoint.index()));
            exchange.getResponseHeaders().set("X-Checkpoint-Metadata",
                    ToolboxJson.HEADER.writeValueAsString(checkpoint.metadata()));
            // Sized, not chunked: the JDK server writes a chunked body 4 KiB at a time. An empty
            // value needs -1 (0 would mean chunked).
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            // If the cluster breaks off mid-value, the IOException escapes before the body is
            // complete (see handle): the worker sees a connection closed short of its
            // Content-Length, a broken read, never a short value.
            OutputStream out = exchange.getResponseBody();
            Checkpoint.copy(value, out);
            out.close();
        }
    }

    private Optional<Worker> worker(String rankText) {
        if (!rankText.matches("\\d{1,6}")) {
            return Optional.empty();
        }
        int rank = Integer.parseInt(rankText);
        return rank < workers.size() ? Optional.of(workers.get(rank)) : Optional.empty();
    }

    /**
     * The request body. The JDK's server already fails a read when a sized or chunked body ends
     * early ("connection closed before all data received"), so a cut-short upload never reaches
     * the end of the stream as if it were complete.
     */
    private static InputStream body(HttpExchange exchange) {
        return exchange.getRequestBody();
    }

    private static JsonNode headerJson(HttpExchange exchange, String header) {
        String text = exchange.getRequestHeaders().getFirst(header);
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return ToolboxJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ClientError(header + " is not valid JSON: " + text);
        }
    }

    private static JsonNode readJson(InputStream in, String what) {
        try {
            JsonNode value = ToolboxJson.MAPPER.readTree(in);
            return value == null ? JsonNodeFactory.instance.nullNode() : value;
        } catch (IOException e) {
            throw new ClientError(what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static int join(CompletableFuture<Integer> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new WrongMethod(expected);
        }
    }

    private static void respondJson(HttpExchange exchange, JsonNode value) throws IOException {
        byte[] bytes = ToolboxJson.MAPPER.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void respondText(HttpExchange exchange, int status, String message) {
        try {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The headers were already sent (a stream broke mid-way) or the worker is gone: nothing to tell;
            // escaping makes the server drop the connection.
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return message.replace('\n', ' ');
    }

    /** A request the worker got wrong: 400. */
    private static class ClientError extends RuntimeException {
        ClientError(String message) {
            super(message);
        }
    }

    private static final class NotFound extends ClientError {
        NotFound(String message) {
            super(message);
        }
    }

    private static final class WrongMethod extends ClientError {
        WrongMethod(String expected) {
            super("method not allowed; use " + expected);
        }
    }

    /** Everything the node's bootstrap knows that the toolbox needs. */
    public static final class Builder {
        private YtClient yt;
        private String ytPath;
        private List<Coordinator> workers = List.of();
        private Mesh mesh;
        private JsonNode userConfig;
        private String operationId;
        private String jobId;
        private String cypressLinkTemplate;

        private Builder() {
        }

        public Builder yt(YtClient yt) {
            this.yt = yt;
            return this;
        }

        public Builder ytPath(String ytPath) {
            this.ytPath = ytPath;
            return this;
        }

        /** This node's workers, by local rank. */
        public Builder workers(List<Coordinator> workers) {
            this.workers = List.copyOf(workers);
            return this;
        }

        public Builder mesh(Mesh mesh) {
            this.mesh = mesh;
            return this;
        }

        /** The user config; null when the run has none. */
        public Builder userConfig(JsonNode userConfig) {
            this.userConfig = userConfig;
            return this;
        }

        /** The operation the job belongs to ({@code YT_OPERATION_ID}); needed for description updates. */
        public Builder operationId(String operationId) {
            this.operationId = operationId;
            return this;
        }

        /** The job ({@code YT_JOB_ID}), recorded on saved models. */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /** The cluster config's {@code cypress_link_template}, when it has one. */
        public Builder cypressLinkTemplate(String template) {
            this.cypressLinkTemplate = template;
            return this;
        }

        /** Starts serving on 127.0.0.1 at an ephemeral port. */
        public ToolboxEndpoint start() {
            Objects.requireNonNull(yt, "yt");
            Objects.requireNonNull(ytPath, "ytPath");
            Objects.requireNonNull(mesh, "mesh");
            if (workers.isEmpty()) {
                throw new IllegalArgumentException("workers must name at least one worker");
            }
            for (int i = 0; i < workers.size(); i++) {
                if (workers.get(i).processIndex() != i) {
                    throw new IllegalArgumentException("workers must be ordered by local rank: position " + i
                            + " has process index " + workers.get(i).processIndex());
                }
            }
            try {
                return new ToolboxEndpoint(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the toolbox endpoint on 127.0.0.1", e);
            }
        }
    }
}
