package ai.tracto.tractorun.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A minimal YTsaurus v4 HTTP client for tests: sends one command, returns its JSON or throws {@link Failure}. */
final class V4 {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An error response: HTTP status plus the decoded error body. */
    static final class Failure extends RuntimeException {
        final int status;
        final int code;
        final JsonNode body;
        final HttpResponse<byte[]> response;

        Failure(HttpResponse<byte[]> response, JsonNode body) {
            super(response.statusCode() + " " + body);
            this.status = response.statusCode();
            this.code = body.path("code").asInt();
            this.body = body;
            this.response = response;
        }
    }

    private final URI proxy;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String transactionId;

    V4(URI proxy) {
        this(proxy, null);
    }

    private V4(URI proxy, String transactionId) {
        this.proxy = proxy;
        this.transactionId = transactionId;
    }

    V4 inTx(String tx) {
        return new V4(proxy, tx);
    }

    static ObjectNode params(Object... keyValues) {
        ObjectNode out = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return out;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<byte[]> raw(String method, String command, ObjectNode params, byte[] body, Map<String, String> headers) {
        ObjectNode all = params.deepCopy();
        if (transactionId != null && !all.has("transaction_id")) {
            all.put("transaction_id", transactionId);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve("/api/v4/" + command))
                .timeout(Duration.ofSeconds(60))
                .header("X-YT-Parameters", all.toString())
                .header("Authorization", "OAuth test-token")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    byte[] bytes(String method, String command, ObjectNode params, byte[] body) {
        HttpResponse<byte[]> response = raw(method, command, params, body, Map.of());
        if (response.statusCode() != 200) {
            throw new Failure(response, json(new String(response.body(), StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    JsonNode call(String method, String command, ObjectNode params, byte[] body) {
        return json(new String(bytes(method, command, params, body), StandardCharsets.UTF_8));
    }

    JsonNode get(String path) {
        return call("GET", "get", params("path", path), null).get("value");
    }

    JsonNode get(String path, String... attributes) {
        return call("GET", "get", params("path", path, "attributes", attributes), null).get("value");
    }

    void set(String path, String jsonValue) {
        call("PUT", "set", params("path", path), jsonValue.getBytes(StandardCharsets.UTF_8));
    }

    void set(String path, String jsonValue, ObjectNode extra) {
        ObjectNode all = params("path", path);
        all.setAll(extra);
        call("PUT", "set", all, jsonValue.getBytes(StandardCharsets.UTF_8));
    }

    String create(String type, String path, Object... extra) {
        ObjectNode all = params(extra);
        all.put("type", type).put("path", path);
        return call("POST", "create", all, null).get("node_id").asText();
    }

    boolean exists(String path) {
        return call("GET", "exists", params("path", path), null).get("value").asBoolean();
    }

    JsonNode list(String path) {
        return call("GET", "list", params("path", path), null).get("value");
    }

    void remove(String path, Object... extra) {
        ObjectNode all = params(extra);
        all.put("path", path);
        call("POST", "remove", all, null);
    }

    String startTx(Object... extra) {
        return call("POST", "start_transaction", params(extra), null).get("transaction_id").asText();
    }

    void commit(String tx) {
        new V4(proxy).call("POST", "commit_transaction", params("transaction_id", tx), null);
    }

    void abort(String tx) {
        new V4(proxy).call("POST", "abort_transaction", params("transaction_id", tx), null);
    }

    void ping(String tx) {
        new V4(proxy).call("POST", "ping_transaction", params("transaction_id", tx), null);
    }

    JsonNode lock(String path, Object... extra) {
        ObjectNode all = params(extra);
        all.put("path", path);
        return call("POST", "lock", all, null);
    }

    static Failure failure(Runnable action) {
        try {
            action.run();
        } catch (Failure f) {
            return f;
        }
        throw new AssertionError("expected the command to fail");
    }
}
