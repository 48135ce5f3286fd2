package ai.tracto.tractorun.localcluster.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;

/** One command invocation: parsed parameters, the request body, and the ways to answer. */
final class Call {
    final CommandDescriptor descriptor;
    final Params params;
    final WireFormat inputFormat;
    final WireFormat outputFormat;
    private final HttpExchange exchange;
    private final MutationCache mutations;
    private boolean answered;

    Call(CommandDescriptor descriptor, Params params, WireFormat inputFormat, WireFormat outputFormat,
         HttpExchange exchange, MutationCache mutations) {
        this.descriptor = descriptor;
        this.params = params;
        this.inputFormat = inputFormat;
        this.outputFormat = outputFormat;
        this.exchange = exchange;
        this.mutations = mutations;
    }

    InputStream input() throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding == null || encoding.equals("identity")) {
            return exchange.getRequestBody();
        }
        if (encoding.equals("gzip")) {
            return new GZIPInputStream(exchange.getRequestBody());
        }
        if (encoding.equals("deflate")) {
            return new InflaterInputStream(exchange.getRequestBody());
        }
        throw new ServerError(ErrorCodes.GENERIC, "Content-Encoding \"" + encoding
                + "\" is not supported by the embedded cluster; use gzip, deflate or identity");
    }

    /** Replays the remembered answer of a retried mutation; returns whether it did. */
    boolean replayRetriedMutation() throws IOException {
        Optional<String> id = params.optString("mutation_id");
        if (!descriptor.mutating() || id.isEmpty() || !params.bool("retry")) {
            return false;
        }
        Optional<MutationCache.Answer> answer = mutations.find(id.get());
        if (answer.isEmpty()) {
            return false;
        }
        send(answer.get().contentType(), answer.get().body());
        return true;
    }

    String user() {
        return "root";
    }

    void reply(JsonNode value) throws IOException {
        byte[] body = outputFormat.write(value);
        Optional<String> id = params.optString("mutation_id");
        if (descriptor.mutating() && id.isPresent()) {
            mutations.remember(id.get(), new MutationCache.Answer(outputFormat.contentType, body));
        }
        send(outputFormat.contentType, body);
    }

    private void send(String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        answered = true;
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Starts a streamed 200 answer (chunked); errors after this point can only cut the stream. */
    OutputStream stream(String contentType) throws IOException {
        return start(contentType, 0);
    }

    /**
     * Starts a 200 answer of exactly {@code length} bytes, announced in {@code Content-Length}.
     * Cheaper than chunks for both ends, and a body cut short is then plain to the client.
     */
    OutputStream stream(String contentType, long length) throws IOException {
        // The JDK server reads 0 as "chunked" and -1 as "no body".
        return start(contentType, length == 0 ? -1 : length);
    }

    private OutputStream start(String contentType, long responseLength) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        answered = true;
        exchange.sendResponseHeaders(200, responseLength);
        return exchange.getResponseBody();
    }

    boolean answered() {
        return answered;
    }
}
