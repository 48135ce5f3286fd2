package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;

/**
 * A YTsaurus HTTP proxy (API v4) client. Immutable; {@link #withTransaction} and
 * {@link #withPrerequisiteTransactions} return cheap views sharing the connection pool and the
 * transaction pinger, and {@link #newBuilder()} derives a client that shares them too. Only the
 * client built from a fresh builder owns them: closing it stops the pinger; closing views does nothing.
 *
 * <p>Wire choices: parameters go in {@code X-YT-Parameters} as JSON when they are ASCII, else
 * as base64 of UTF-8 JSON split over {@code X-YT-Parameters-N} with
 * {@code X-YT-Header-Format: <encode_utf8=%false>json}; structured and tabular bodies use JSON
 * with {@code encode_utf8=%false}, so strings are UTF-8 text. Reads and mutations are retried
 * (mutations with one {@code mutation_id} and {@code retry=true}); streamed uploads are sent once.
 *
 * <p>The JDK HTTP client does not expose HTTP trailers, where the proxy reports errors that
 * happen after streaming began. Broken or cut-short bodies are detected instead: read_file
 * resumes from the last byte or fails with an IOException, read_table fails with a
 * YtException; neither ever ends early as if the data were complete.
 */
public final class YtClient implements AutoCloseable {
    private final Builder config;
    private final SharedResources shared;
    private final boolean owner;
    private final Caller caller;
    private final String transactionId;
    private final List<String> prerequisiteTransactionIds;

    private YtClient(Builder config, SharedResources shared, boolean owner, Caller caller, String transactionId,
                     List<String> prerequisiteTransactionIds) {
        this.config = config;
        this.shared = shared;
        this.owner = owner;
        this.caller = caller;
        this.transactionId = transactionId;
        this.prerequisiteTransactionIds = List.copyOf(prerequisiteTransactionIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration from the process environment and the user's home; see {@link #fromEnvironment(Map, Path)}. */
    public static YtClient fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * {@code YT_PROXY} (else {@code proxy.url} of the config); token from {@code YT_TOKEN}, else
     * {@code YT_TOKEN_PATH} or {@code ~/.yt/token}, else {@code token} of the config; config is
     * {@code YT_CONFIG_PATH} or {@code ~/.yt/config} (YSON). Throws {@link YtConfigException} when no proxy is set.
     */
    public static YtClient fromEnvironment(Map<String, String> env, Path home) {
        return ClientEnvironment.resolve(env, home).build();
    }

    /** A builder with this client's settings; the client it builds shares this one's connection pool and pinger. */
    public Builder newBuilder() {
        Builder builder = config.copy();
        builder.shared = shared;
        return builder;
    }

    public URI proxyUrl() {
        return caller.proxy();
    }

    /**
     * The OAuth token this client authenticates with, for handing to jobs through an operation's
     * {@code secure_vault}. Never log or print it.
     */
    public Optional<String> token() {
        return Optional.ofNullable(config.token);
    }

    /** A view whose transactional commands (Cypress, files, tables, locks, new transactions, operations) run in the transaction. */
    public YtClient withTransaction(String transactionId) {
        Objects.requireNonNull(transactionId, "transactionId");
        return new YtClient(config, shared, false, caller, transactionId, prerequisiteTransactionIds);
    }

    /** A view whose mutating commands carry {@code prerequisite_transaction_ids}. */
    public YtClient withPrerequisiteTransactions(List<String> ids) {
        return new YtClient(config, shared, false, caller, transactionId, ids);
    }

    // ---- Cypress

    public JsonNode get(String path) {
        return get(path, List.of());
    }

    public JsonNode get(String path, List<String> attributes) {
        ObjectNode params = pathParams(Command.GET, path);
        if (!attributes.isEmpty()) {
            params.set("attributes", strings(attributes));
        }
        return call(Command.GET, params).path("value");
    }

    public void set(String path, JsonNode value) {
        set(path, value, SetOptions.defaults());
    }

    public void set(String path, JsonNode value, SetOptions options) {
        ObjectNode params = pathParams(Command.SET, path);
        putIfTrue(params, "recursive", options.recursive());
        putIfTrue(params, "force", options.force());
        caller.structured(Command.SET, params, value);
    }

    /**
     * Sets several attributes of the node at {@code path} in one mutation: {@code attributes} maps
     * each name to its value; the others stay as they are.
     */
    public void multisetAttributes(String path, ObjectNode attributes) {
        caller.structured(Command.MULTISET_ATTRIBUTES, pathParams(Command.MULTISET_ATTRIBUTES, path + "/@"),
                attributes);
    }

    public String create(String type, String path, CreateOptions options) {
        ObjectNode params = pathParams(Command.CREATE, path);
        params.put("type", type);
        putIfTrue(params, "recursive", options.recursive());
        putIfTrue(params, "ignore_existing", options.ignoreExisting());
        putIfTrue(params, "force", options.force());
        options.attributes().ifPresent(attributes -> params.set("attributes", attributes));
        JsonNode result = call(Command.CREATE, params);
        return result.has("node_id") ? result.path("node_id").asText() : result.path("object_id").asText();
    }

    public boolean exists(String path) {
        return call(Command.EXISTS, pathParams(Command.EXISTS, path)).path("value").asBoolean();
    }

    public List<String> list(String path) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : call(Command.LIST, pathParams(Command.LIST, path)).path("value")) {
            names.add(item.isObject() ? item.path("$value").asText() : item.asText());
        }
        return List.copyOf(names);
    }

    public void remove(String path) {
        remove(path, RemoveOptions.defaults());
    }

    public void remove(String path, RemoveOptions options) {
        ObjectNode params = pathParams(Command.REMOVE, path);
        putIfTrue(params, "recursive", options.recursive());
        putIfTrue(params, "force", options.force());
        call(Command.REMOVE, params);
    }

    public String link(String targetPath, String linkPath, LinkOptions options) {
        ObjectNode params = params(Command.LINK);
        params.put("target_path", targetPath);
        params.put("link_path", linkPath);
        putIfTrue(params, "recursive", options.recursive());
        putIfTrue(params, "ignore_existing", options.ignoreExisting());
        putIfTrue(params, "force", options.force());
        return call(Command.LINK, params).path("node_id").asText();
    }

    public String copy(String source, String destination, CopyOptions options) {
        return copyOrMove(Command.COPY, source, destination, options);
    }

    public String move(String source, String destination, CopyOptions options) {
        return copyOrMove(Command.MOVE, source, destination, options);
    }

    private String copyOrMove(Command command, String source, String destination, CopyOptions options) {
        ObjectNode params = params(command);
        params.put("source_path", source);
        params.put("destination_path", destination);
        putIfTrue(params, "recursive", options.recursive());
        putIfTrue(params, "force", options.force());
        return call(command, params).path("node_id").asText();
    }

    /** Takes a lock; needs a transaction view ({@link #withTransaction}), as locks live in transactions. */
    public LockResult lock(String path, LockOptions options) {
        ObjectNode params = pathParams(Command.LOCK, path);
        params.put("mode", options.mode().wireName());
        putIfTrue(params, "waitable", options.waitable());
        options.childKey().ifPresent(key -> params.put("child_key", key));
        options.attributeKey().ifPresent(key -> params.put("attribute_key", key));
        JsonNode result = call(Command.LOCK, params);
        return new LockResult(result.path("lock_id").asText(), result.path("node_id").asText());
    }

    /** Polls {@code #<lockId>/@state} with growing pauses until "acquired"; YtException code 3 on timeout. */
    public void waitForLock(String lockId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long pauseMillis = 50;
        while (true) {
            String state = get("#" + lockId + "/@state").asText();
            if (state.equals("acquired")) {
                return;
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw new YtException(YtException.TIMEOUT, "Lock " + lockId + " was not acquired within " + timeout
                        + " (state: " + state + ")");
            }
            try {
                Thread.sleep(Math.min(pauseMillis, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new YtException(YtException.GENERIC, "Interrupted while waiting for lock " + lockId, 0, null,
                        List.of(), e);
            }
            pauseMillis = Math.min(1000, pauseMillis * 2);
        }
    }

    // ---- Transactions

    /** Starts a transaction, nested in this view's transaction when there is one. */
    public Transaction startTransaction(TransactionOptions options) {
        ObjectNode params = params(Command.START_TRANSACTION);
        params.put("timeout", options.timeout().toMillis());
        options.attributes().ifPresent(attributes -> params.set("attributes", attributes));
        String id = call(Command.START_TRANSACTION, params).path("transaction_id").asText();
        // The transaction's own ping/commit/abort go out plain: no enclosing transaction, no prerequisites.
        YtClient starter = new YtClient(config, shared, false, caller, null, List.of());
        if (!options.pinging()) {
            return new Transaction(id, starter, starter, options.timeout(), null);
        }
        // A ping retried past the transaction's timeout is pointless and would hold up the shared pinger thread.
        Duration pingDeadline = options.timeout().compareTo(config.retryDeadline) < 0
                ? options.timeout() : config.retryDeadline;
        Builder pingConfig = newBuilder().retryDeadline(pingDeadline);
        YtClient pinger = new YtClient(pingConfig, shared, false, pingConfig.caller(shared), null, List.of());
        return new Transaction(id, starter, pinger, options.timeout(), shared.pinger());
    }

    public void pingTransaction(String id) {
        transactionCommand(Command.PING_TRANSACTION, id);
    }

    public void commitTransaction(String id) {
        transactionCommand(Command.COMMIT_TRANSACTION, id);
    }

    public void abortTransaction(String id) {
        transactionCommand(Command.ABORT_TRANSACTION, id);
    }

    private void transactionCommand(Command command, String id) {
        ObjectNode params = params(command);
        params.put("transaction_id", id);
        call(command, params);
    }

    // ---- Files and tables

    /** Streams {@code data} into an existing file (PUT, chunked); sent once, never retried after the body started. */
    public void writeFile(String path, InputStream data, boolean append) {
        ObjectNode params = params(Command.WRITE_FILE);
        params.set("path", richPath(path, append));
        caller.upload(Command.WRITE_FILE, params, data);
    }

    /**
     * The file's content, streamed; a broken connection is resumed from the last byte received.
     * The file size is read first, so that a body cut short is noticed (see {@link ResumingInputStream}).
     */
    public InputStream readFile(String path) {
        return new ResumingInputStream(caller, pathParams(Command.READ_FILE, path), 0, -1, fileSize(path), path);
    }

    public InputStream readFile(String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0, got offset " + offset
                    + ", length " + length);
        }
        return new ResumingInputStream(caller, pathParams(Command.READ_FILE, path), offset, length, fileSize(path),
                path);
    }

    /** The file's size, or -1 when it cannot be told (read_file then reports a missing file itself). */
    private long fileSize(String path) {
        try {
            JsonNode size = get(path + "/@uncompressed_data_size");
            return size.canConvertToLong() ? size.asLong() : -1;
        } catch (YtException e) {
            return -1;
        }
    }

    /** Streams rows (JSON maps) into an existing table, one JSON map per line; sent once. */
    public void writeTable(String path, Iterator<? extends JsonNode> rows, boolean append) {
        ObjectNode params = params(Command.WRITE_TABLE);
        params.set("path", richPath(path, append));
        caller.upload(Command.WRITE_TABLE, params, new RowsInputStream(rows));
    }

    /** Rows parsed lazily; the path may carry a row range such as {@code //t[#10:#20]}. */
    public CloseableIterator<JsonNode> readTable(String path) {
        ObjectNode params = pathParams(Command.READ_TABLE, path);
        params.put("dump_error_into_response", true); // see TableRowIterator: errors after streaming began
        InputStream body = caller.download(Command.READ_TABLE, params);
        return new TableRowIterator(body, path);
    }

    // ---- Operations

    public String startOperation(String operationType, JsonNode spec) {
        ObjectNode params = params(Command.START_OPERATION);
        params.put("operation_type", operationType);
        params.set("spec", spec);
        return call(Command.START_OPERATION, params).path("operation_id").asText();
    }

    public JsonNode getOperation(String operationId) {
        return getOperation(operationId, List.of());
    }

    public JsonNode getOperation(String operationId, List<String> attributes) {
        ObjectNode params = operationParams(Command.GET_OPERATION, operationId);
        if (!attributes.isEmpty()) {
            params.set("attributes", strings(attributes));
        }
        return call(Command.GET_OPERATION, params);
    }

    public void abortOperation(String operationId, String message) {
        ObjectNode params = operationParams(Command.ABORT_OPERATION, operationId);
        if (message != null) {
            params.put("abort_message", message);
        }
        call(Command.ABORT_OPERATION, params);
    }

    public JsonNode listJobs(String operationId) {
        return call(Command.LIST_JOBS, operationParams(Command.LIST_JOBS, operationId));
    }

    public InputStream getJobStderr(String operationId, String jobId) {
        return getJobStderr(operationId, jobId, 0);
    }

    /** The job's stderr from byte {@code offset} on (the {@code offset} parameter of newer clusters). */
    public InputStream getJobStderr(String operationId, String jobId, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        ObjectNode params = operationParams(Command.GET_JOB_STDERR, operationId);
        params.put("job_id", jobId);
        if (offset > 0) {
            params.put("offset", offset);
        }
        return caller.download(Command.GET_JOB_STDERR, params);
    }

    public void updateOperationParameters(String operationId, JsonNode parameters) {
        ObjectNode params = operationParams(Command.UPDATE_OPERATION_PARAMETERS, operationId);
        params.set("parameters", parameters);
        call(Command.UPDATE_OPERATION_PARAMETERS, params);
    }

    /** Any structured command without input, sent to the light proxy; the response body as is. */
    public JsonNode execute(String command, ObjectNode parameters) {
        Command descriptor = Command.structured(command);
        ObjectNode params = params(descriptor);
        parameters.properties().forEach(entry -> params.set(entry.getKey(), entry.getValue()));
        return call(descriptor, params);
    }

    /** Stops the transaction pinger when this client owns it; views and derived clients own nothing. */
    @Override
    public void close() {
        if (owner) {
            shared.close();
        }
    }

    @Override
    public String toString() {
        return "YtClient{proxy=" + caller.proxy() + ", token=" + (config.token == null ? "<none>" : "<hidden>")
                + (transactionId == null ? "" : ", transaction=" + transactionId)
                + (prerequisiteTransactionIds.isEmpty() ? "" : ", prerequisites=" + prerequisiteTransactionIds) + "}";
    }

    // ---- machinery

    private JsonNode call(Command command, ObjectNode params) {
        return caller.structured(command, params, null);
    }

    private ObjectNode params(Command command) {
        ObjectNode params = Json.object();
        if (transactionId != null && command.transactional()) {
            params.put("transaction_id", transactionId);
        }
        if (!prerequisiteTransactionIds.isEmpty() && command.mutating()) {
            params.set("prerequisite_transaction_ids", strings(prerequisiteTransactionIds));
        }
        return params;
    }

    private ObjectNode pathParams(Command command, String path) {
        Objects.requireNonNull(path, "path");
        ObjectNode params = params(command);
        params.put("path", path);
        return params;
    }

    private ObjectNode operationParams(Command command, String operationId) {
        Objects.requireNonNull(operationId, "operationId");
        ObjectNode params = params(command);
        params.put("operation_id", operationId);
        return params;
    }

    /** {@code <append=%true>path} in JSON form, the way write_file and write_table take append. */
    private static JsonNode richPath(String path, boolean append) {
        Objects.requireNonNull(path, "path");
        if (!append) {
            return JsonNodeFactory.instance.textNode(path);
        }
        ObjectNode rich = Json.object();
        rich.put("$value", path);
        rich.putObject("$attributes").put("append", true);
        return rich;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void putIfTrue(ObjectNode params, String name, boolean value) {
        if (value) {
            params.put(name, true);
        }
    }

    /** Settings of a client; {@link #build()} validates them. */
    public static final class Builder {
        private String proxy;
        private String token;
        private Duration requestTimeout = Duration.ofSeconds(20);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration retryDeadline = Duration.ofMinutes(2);
        private Duration retryInitialBackoff = Duration.ofMillis(500);
        private Duration retryMaxBackoff = Duration.ofSeconds(20);
        private SharedResources shared;

        private Builder() {
        }

        /** {@code host}, {@code host:port} or a URL; http:// for localhost and 127.x, https:// otherwise. */
        public Builder proxy(String proxy) {
            Objects.requireNonNull(proxy, "proxy");
            if (proxy.isBlank()) {
                throw new IllegalArgumentException("proxy must not be blank");
            }
            this.proxy = ClientEnvironment.normalizeProxy(proxy);
            return this;
        }

        /** The OAuth token; null for none. Never logged or printed. */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** How long to wait for response headers of one request (uploads excepted). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long a command may keep being retried in all. */
        public Builder retryDeadline(Duration deadline) {
            this.retryDeadline = Objects.requireNonNull(deadline, "retryDeadline");
            if (deadline.isNegative()) {
                throw new IllegalArgumentException("retryDeadline must not be negative, got " + deadline);
            }
            return this;
        }

        /** The first pause between retries (doubled each time, jittered). */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryInitialBackoff = positive(initial, "initial backoff");
            this.retryMaxBackoff = positive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is below initial backoff " + initial);
            }
            return this;
        }

        public YtClient build() {
            if (proxy == null) {
                throw new YtConfigException("proxy is not set");
            }
            boolean owner = shared == null;
            SharedResources resources = owner ? new SharedResources(connectTimeout) : shared;
            return new YtClient(copy(), resources, owner, caller(resources), null, List.of());
        }

        private Caller caller(SharedResources resources) {
            URI proxyUrl = URI.create(proxy);
            return new Caller(resources.http, proxyUrl, token, requestTimeout,
                    new RetryPolicy(retryDeadline, retryInitialBackoff, retryMaxBackoff),
                    new HeavyProxies(resources.http, proxyUrl, requestTimeout, Clock.systemUTC()));
        }

        private Builder copy() {
            Builder b = new Builder();
            b.proxy = proxy;
            b.token = token;
            b.requestTimeout = requestTimeout;
            b.connectTimeout = connectTimeout;
            b.retryDeadline = retryDeadline;
            b.retryInitialBackoff = retryInitialBackoff;
            b.retryMaxBackoff = retryMaxBackoff;
            return b;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        @Override
        public String toString() {
            return "YtClient.Builder{proxy=" + proxy + ", token=" + (token == null ? "<none>" : "<hidden>") + "}";
        }
    }
}
