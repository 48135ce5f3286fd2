package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one command over HTTP: builds the request (method, parameters, formats, token), maps
 * the response or error, and retries what is safe to retry under the deadline.
 */
final class Caller {
    private static final Logger LOG = LoggerFactory.getLogger(Caller.class);
    private static final int MAX_HEADER_PART = 4096;
    /**
     * JSON whose strings are UTF-8 text. Plain {@code "json"} means {@code encode_utf8=%true}, where
     * each code point is one byte (0-255) and any other character is rejected; tractorun's
     * strings (paths, annotations, rows) are text, so they should round-trip as text.
     */
    static final String JSON_FORMAT = "{\"$value\":\"json\",\"$attributes\":{\"encode_utf8\":false}}";
    private static final String USER_AGENT = "tractorun-java/" + ai.tracto.tractorun.Version.current();

    private final HttpTransport http;
    private final URI proxy;
    private final String token;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final HeavyProxies heavyProxies;

    Caller(HttpTransport http, URI proxy, String token, Duration requestTimeout, RetryPolicy retry,
           HeavyProxies heavyProxies) {
        this.http = http;
        this.proxy = proxy;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.heavyProxies = heavyProxies;
    }

    URI proxy() {
        return proxy;
    }

    RetryPolicy retryPolicy() {
        return retry;
    }

    /** A structured command (optionally with a structured body); reads and mutations are retried. */
    JsonNode structured(Command command, ObjectNode parameters, JsonNode body) {
        byte[] bodyBytes = body == null ? null : Json.bytes(body);
        return withRetries(command, parameters, (params, target, correlationId) -> {
            HttpTransport.Request request = request(command, params, target, correlationId, true);
            return answer(http.exchange(request, bodyBytes), request, params);
        });
    }

    /** A command with streamed output; retried until the response headers arrive. */
    InputStream download(Command command, ObjectNode parameters) {
        return withRetries(command, parameters, (params, target, correlationId) -> {
            HttpTransport.Request request = request(command, params, target, correlationId, true);
            HttpTransport.StreamedResponse response = http.download(request);
            if (response.stream().isEmpty()) {
                throw error(response.status(), response.headers(), response.errorBody(), request.describe(), params);
            }
            return response.stream().get();
        });
    }

    /**
     * A command with a streamed body. The stream can be sent only once, so a retry happens only
     * when the body was never asked for (the connection could not be made), never after the
     * request may have reached the server.
     */
    JsonNode upload(Command command, ObjectNode parameters, InputStream data) {
        AtomicBoolean bodyRequested = new AtomicBoolean();
        return withRetries(command, parameters, (params, target, correlationId) -> {
            // No read timeout: the server answers only once the whole body is in.
            HttpTransport.Request request = request(command, params, target, correlationId, false);
            return answer(http.upload(request, data, () -> bodyRequested.set(true)), request, params);
        }, bodyRequested);
    }

    /** A structured answer's JSON (an empty object for an empty body), or the error it carries. */
    private static JsonNode answer(HttpTransport.Response response, HttpTransport.Request request, ObjectNode params)
            throws IOException {
        if (!response.isSuccess()) {
            throw error(response.status(), response.headers(), response.body(), request.describe(), params);
        }
        byte[] bytes = response.body();
        return bytes.length == 0 ? Json.object() : Json.read(bytes);
    }

    private interface Attempt<T> {
        T run(ObjectNode parameters, URI target, String correlationId) throws IOException;
    }

    private <T> T withRetries(Command command, ObjectNode parameters, Attempt<T> attempt) {
        return withRetries(command, parameters, attempt, null);
    }

    private <T> T withRetries(Command command, ObjectNode parameters, Attempt<T> attempt, AtomicBoolean sent) {
        Instant deadline = Instant.now().plus(retry.deadline());
        ObjectNode params = parameters.deepCopy();
        if (command.mutating()) {
            params.put("mutation_id", Guid.random());
        }
        String what = describe(command, parameters);
        String correlationId = Guid.random(); // one per logical request, the same across its retries
        YtException last;
        for (int attemptNo = 0; ; attemptNo++) {
            if (command.mutating()) {
                params.put("retry", attemptNo > 0);
            }
            URI target = command.heavy() ? heavyProxies.pick() : proxy;
            Duration pause;
            try {
                return attempt.run(params, target, correlationId);
            } catch (YtException e) {
                last = e;
                if (!shouldRetry(e)) {
                    throw e;
                }
                pause = retryAfter(e).orElse(retry.backoff(attemptNo));
            } catch (IOException e) {
                if (command.heavy() && !target.equals(proxy)) {
                    heavyProxies.ban(target);
                }
                last = new YtException(YtException.TRANSPORT, what + " failed: " + describe(e), 0, null, List.of(), e);
                pause = retry.backoff(attemptNo);
            }
            if (sent != null && sent.get()) {
                // The streamed body may have reached the server: sending it again is neither possible nor safe.
                throw last;
            }
            Instant next = Instant.now().plus(pause);
            if (next.isAfter(deadline)) {
                throw new YtException(YtException.TIMEOUT, what + " did not succeed within the retry deadline "
                        + retry.deadline() + " (" + (attemptNo + 1) + " attempts)", last.httpStatus(), null,
                        List.of(last), last);
            }
            LOG.debug("{} failed (attempt {}), retrying in {} ms: {}", what, attemptNo + 1, pause.toMillis(),
                    last.getMessage());
            sleep(pause, what);
        }
    }

    private static boolean shouldRetry(YtException e) {
        int status = e.httpStatus();
        return status == 503 || status == 429 || status == 500 || e.isRetriable();
    }

    private static Optional<Duration> retryAfter(YtException e) {
        return e.retryAfter();
    }

    private static void sleep(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new YtException(YtException.GENERIC, what + " was interrupted while waiting to retry", 0, null,
                    List.of(), e);
        }
    }

    private HttpTransport.Request request(Command command, ObjectNode params, URI target, String correlationId,
                                          boolean withTimeout) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("User-Agent", USER_AGENT));
        headers.add(Map.entry("X-YT-Correlation-Id", correlationId));
        if (token != null) {
            headers.add(Map.entry("Authorization", "OAuth " + token));
        }
        putParameters(headers, Json.write(params));
        if (command.input() == Command.DataType.STRUCTURED || command.input() == Command.DataType.TABULAR) {
            headers.add(Map.entry("X-YT-Input-Format", JSON_FORMAT));
            headers.add(Map.entry("Content-Type", "application/json"));
        } else if (command.input() == Command.DataType.BINARY) {
            headers.add(Map.entry("Content-Type", "application/octet-stream"));
        }
        if (command.output() == Command.DataType.STRUCTURED || command.output() == Command.DataType.TABULAR) {
            headers.add(Map.entry("X-YT-Output-Format", JSON_FORMAT));
        }
        return new HttpTransport.Request(command.httpMethod(), target.resolve("/api/v4/" + command.name()), headers,
                withTimeout ? Optional.of(requestTimeout) : Optional.empty());
    }

    /**
     * ASCII parameters go as they are in {@code X-YT-Parameters}. HTTP headers cannot carry other
     * characters, and the default JSON header format would read code points as bytes, so
     * non-ASCII parameters go as base64 of their UTF-8 JSON split over {@code X-YT-Parameters-N},
     * with {@code X-YT-Header-Format: <encode_utf8=%false>json} so the proxy decodes them as UTF-8.
     */
    static void putParameters(List<Map.Entry<String, String>> headers, String json) {
        if (json.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            headers.add(Map.entry("X-YT-Parameters", json));
            return;
        }
        String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        headers.add(Map.entry("X-YT-Header-Format", "<encode_utf8=%false>json"));
        for (int i = 0, part = 0; i < encoded.length(); i += MAX_HEADER_PART, part++) {
            headers.add(Map.entry("X-YT-Parameters-" + part,
                    encoded.substring(i, Math.min(encoded.length(), i + MAX_HEADER_PART))));
        }
    }

    static YtException error(int status, ResponseHeaders headers, byte[] body, String request, ObjectNode params) {
        YtException parsed = parseError(status, headers, body, request);
        if (params.hasNonNull("path") && !containsAttribute(parsed, "path")) {
            // The proxy names the path only sometimes; a message without it is hard to act on.
            ObjectNode attributes = parsed.attributes();
            attributes.set("path", params.get("path").isTextual() ? params.get("path")
                    : params.get("path").path("$value"));
            parsed = new YtException(parsed.code(), parsed.rawMessage(), status, attributes, parsed.innerErrors(), null);
        }
        headers.firstValue("Retry-After").flatMap(Caller::seconds).ifPresent(parsed::setRetryAfter);
        return parsed;
    }

    private static boolean containsAttribute(YtException e, String name) {
        return e.attributes().has(name) || e.innerErrors().stream().anyMatch(i -> containsAttribute(i, name));
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static YtException parseError(int status, ResponseHeaders headers, byte[] body, String request) {
        Optional<String> header = headers.firstValue("X-YT-Error");
        if (header.isPresent()) {
            try {
                return YtException.fromJson(Json.read(header.get()), status);
            } catch (IOException e) {
                LOG.debug("malformed X-YT-Error header: {}", e.toString());
            }
        }
        if (body != null && body.length > 0) {
            try {
                JsonNode node = Json.read(body);
                if (node.isObject() && (node.has("code") || node.has("message"))) {
                    return YtException.fromJson(node, status);
                }
            } catch (IOException e) {
                // Not an error JSON (a balancer's HTML page, say): report the text itself below.
            }
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...";
        }
        int code = status == 503 ? YtException.UNAVAILABLE : YtException.GENERIC;
        return new YtException(code, "HTTP " + status + " from " + request
                + (text.isEmpty() ? "" : ": " + text), status, null, List.of(), null);
    }

    private static String describe(Command command, ObjectNode parameters) {
        JsonNode path = parameters.get("path");
        if (path == null) {
            return command.name();
        }
        return command.name() + " " + (path.isTextual() ? path.asText() : path.path("$value").asText());
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
