package ai.tracto.tractorun.yt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-test HTTP server in the MockWebServer style: port 0, {@link #enqueue} responses in
 * order, {@link #takeRequest()} what the client sent. Unexpected requests get a 599.
 */
final class RecordingServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private volatile Response hostsResponse = Response.status(404);

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void enqueue(Response response) {
        responses.add(response);
    }

    /** What {@code GET /hosts} answers (404 unless set); those requests are not recorded. */
    void hosts(Response response) {
        hostsResponse = response;
    }

    Recorded takeRequest() throws InterruptedException {
        Recorded request = requests.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request arrived within 10 s");
        }
        return request;
    }

    int requestCount() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/hosts")) {
            send(exchange, hostsResponse);
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        Response response = responses.poll();
        send(exchange, response == null ? Response.status(599).body("no response enqueued") : response);
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            response.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = response.body;
            if (response.truncateAt >= 0) {
                // Promise the whole body, send part of it, then drop the connection.
                exchange.sendResponseHeaders(response.status, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, response.truncateAt);
                out.flush();
                throw new IOException("truncated on purpose");
            }
            exchange.sendResponseHeaders(response.status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One request as the server saw it; header names are lower case. */
    record Recorded(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** X-YT-Parameters, plain or split and base64-encoded. */
        JsonNode parameters() {
            try {
                String plain = header("X-YT-Parameters");
                if (plain != null) {
                    return MAPPER.readTree(plain);
                }
                StringBuilder encoded = new StringBuilder();
                for (int i = 0; header("X-YT-Parameters-" + i) != null; i++) {
                    encoded.append(header("X-YT-Parameters-" + i));
                }
                return MAPPER.readTree(new String(Base64.getDecoder().decode(encoded.toString()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError("parameters are not JSON", e);
            }
        }

        JsonNode bodyJson() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + bodyText(), e);
            }
        }
    }

    /** A canned response. */
    static final class Response {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];
        int truncateAt = -1;

        private Response(int status) {
            this.status = status;
        }

        static Response status(int status) {
            return new Response(status);
        }

        static Response json(String json) {
            return status(200).header("Content-Type", "application/json").body(json);
        }

        /** A YTsaurus error: status 400, X-YT-Error header and the same JSON as body. */
        static Response error(int code, String message) {
            return errorJson("{\"code\":" + code + ",\"message\":\"" + message + "\",\"attributes\":{},\"inner_errors\":[]}");
        }

        static Response errorJson(String errorJson) {
            return status(400).header("X-YT-Error", errorJson).header("Content-Type", "application/json").body(errorJson);
        }

        Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Response body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        Response body(byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        /** Send only the first {@code bytes} of the body, then break the connection. */
        Response truncateAt(int bytes) {
            this.truncateAt = bytes;
            return this;
        }
    }
}
