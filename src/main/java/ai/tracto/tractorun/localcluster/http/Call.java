package ai.tracto.tractorun.localcluster.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One command invocation: parsed parameters, the request body, and the ways to answer. */
final class Call {
    final CommandDescriptor descriptor;
    final Params params;
    final WireFormat inputFormat;
    final WireFormat outputFormat;
    private final HttpExchange exchange;
    private boolean answered;

    Call(CommandDescriptor descriptor, Params params, WireFormat inputFormat, WireFormat outputFormat,
         HttpExchange exchange) {
        this.descriptor = descriptor;
        this.params = params;
        this.inputFormat = inputFormat;
        this.outputFormat = outputFormat;
        this.exchange = exchange;
    }

    InputStream input() {
        return exchange.getRequestBody();
    }

    String user() {
        return "root";
    }

    void reply(JsonNode value) throws IOException {
        byte[] body = outputFormat.write(value);
        exchange.getResponseHeaders().set("Content-Type", outputFormat.contentType);
        answered = true;
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Starts a streamed 200 answer; errors after this point can only cut the stream. */
    OutputStream stream(String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        answered = true;
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    boolean answered() {
        return answered;
    }
}
