package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes HTTP requests to commands and turns failures into YTsaurus error responses. */
final class ProxyHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMAND_NAME = Pattern.compile("[a-z_]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandTable commands;
    private final Supplier<String> selfAddress;
    private final MutationCache mutations = new MutationCache();

    ProxyHandler(CommandTable commands, Supplier<String> selfAddress) {
        this.commands = commands;
        this.selfAddress = selfAddress;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("X-YT-Request-Id", Long.toHexString(RANDOM.nextLong()));
        exchange.getResponseHeaders().set("X-YT-Proxy", selfAddress.get());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        Call call = null;
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api") || path.equals("/api/")) {
                sendJson(exchange, 200, JSON.createArrayNode().add("v3").add("v4"));
            } else if (path.equals("/hosts") || path.startsWith("/hosts/")) {
                sendJson(exchange, 200, JSON.createArrayNode().add(selfAddress.get()));
            } else if (path.equals("/auth/whoami")) {
                sendJson(exchange, 200, JSON.createObjectNode().put("login", "root").put("realm", "local"));
            } else if (path.equals("/ping")) {
                sendJson(exchange, 200, JSON.createObjectNode());
            } else if (path.equals("/api/v4") || path.equals("/api/v4/")) {
                sendJson(exchange, 200, descriptors());
            } else if (path.startsWith("/api/v4/")) {
                call = prepare(exchange, path.substring("/api/v4/".length()));
                if (!call.replayRetriedMutation()) {
                    commands.find(call.descriptor.name()).orElseThrow().handler().run(call);
                }
            } else if (path.startsWith("/api/")) {
                throw new HttpError(404, new ServerError(ErrorCodes.GENERIC, "Unsupported API version \""
                        + path.substring(5).split("/")[0] + "\"; the embedded cluster serves v4"));
            } else {
                throw new HttpError(404, new ServerError(ErrorCodes.GENERIC, "Unknown URL " + path));
            }
        } catch (HttpError e) {
            sendError(exchange, e.status, e.error, call);
        } catch (ServerError e) {
            sendError(exchange, 400, e, call);
        } catch (IOException e) {
            // The client went away; there is nobody left to answer.
            LOG.debug("Connection lost during {}: {}", exchange.getRequestURI(), e.toString());
        } catch (RuntimeException | Error e) {
            LOG.warn("Command failed unexpectedly: {}", exchange.getRequestURI(), e);
            sendError(exchange, 500, new ServerError(ErrorCodes.GENERIC, "Internal error: " + e), call);
        } finally {
            exchange.close();
        }
    }

    private ArrayNode descriptors() {
        ArrayNode out = JSON.createArrayNode();
        for (RegisteredCommand command : commands.all()) {
            CommandDescriptor d = command.descriptor();
            out.addObject().put("name", d.name()).put("input_type", d.input().wireName)
                    .put("output_type", d.output().wireName).put("is_volatile", d.mutating()).put("is_heavy", d.heavy());
        }
        return out;
    }

    private Call prepare(HttpExchange exchange, String rawName) throws IOException {
        String name = rawName.toLowerCase(java.util.Locale.ROOT);
        if (!COMMAND_NAME.matcher(name).matches()) {
            throw new HttpError(404, new ServerError(ErrorCodes.GENERIC, "Malformed command name \"" + rawName + "\""));
        }
        RegisteredCommand command = commands.find(name).orElseThrow(() ->
                new HttpError(404, new ServerError(ErrorCodes.GENERIC, "Command \"" + name + "\" is not registered")));
        CommandDescriptor descriptor = command.descriptor();
        String method = exchange.getRequestMethod();
        if (!method.equals(descriptor.method())) {
            throw new HttpError(405, new ServerError(ErrorCodes.GENERIC, "Command \"" + name
                    + "\" must be requested with " + descriptor.method() + ", not " + method));
        }
        var headers = exchange.getRequestHeaders();
        WireFormat headerFormat = RequestParser.headerFormat(headers);
        ObjectNode params = RequestParser.queryParameters(exchange.getRequestURI().getRawQuery());
        Optional<String> headerParams = RequestParser.gatherHeader(headers, "X-YT-Parameters");
        if (headerParams.isPresent()) {
            RequestParser.patch(params, headerFormat.parse(headerParams.get().getBytes(StandardCharsets.UTF_8)),
                    "X-YT-Parameters");
        }
        Optional<WireFormat> inputHeader = RequestParser.format(headers, "X-YT-Input-Format", headerFormat);
        String contentType = Optional.ofNullable(headers.getFirst("Content-Type")).orElse("");
        WireFormat bodyFormat = inputHeader.orElse(WireFormat.fromContentType(contentType));
        if (method.equals("POST")) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (body.length > 0 && !new String(body, StandardCharsets.UTF_8).isBlank()) {
                RequestParser.patch(params, bodyFormat.parse(body), "the request body");
            }
        }
        WireFormat input = inputHeader
                .or(() -> Optional.ofNullable(params.get("input_format")).map(WireFormat::fromSpec))
                .orElse(contentType.isEmpty() ? defaultFormat(descriptor.input()) : WireFormat.fromContentType(contentType));
        WireFormat output = RequestParser.format(headers, "X-YT-Output-Format", headerFormat)
                .or(() -> Optional.ofNullable(params.get("output_format")).map(WireFormat::fromSpec))
                .orElse(defaultFormat(descriptor.output()));
        List<String> unknown = CommandTable.unknownParameters(command, params);
        if (!unknown.isEmpty()) {
            throw new ServerError(ErrorCodes.GENERIC, "Parameter \"" + unknown.get(0) + "\" of command \"" + name
                    + "\" is not supported by the embedded cluster", Map.of("parameters", unknown));
        }
        return new Call(descriptor, new Params(params), input, output, exchange, mutations);
    }

    private static WireFormat defaultFormat(DataType type) {
        return type == DataType.TABULAR ? WireFormat.YSON_TEXT : WireFormat.JSON;
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendError(HttpExchange exchange, int status, ServerError error, Call call) throws IOException {
        if (call != null && call.answered()) {
            // Headers are gone; cutting the stream is the only way left to signal the failure.
            LOG.warn("Command {} failed while streaming: {}", call.descriptor.name(), error.getMessage());
            return;
        }
        ObjectNode body = error.toJson();
        if (call != null && call.params.opt("path").isPresent() && !body.get("attributes").has("path")) {
            ((ObjectNode) body.get("attributes")).set("path", call.params.opt("path").get());
        }
        String json = JSON.writeValueAsString(body);
        var headers = exchange.getResponseHeaders();
        headers.set("X-YT-Error", json);
        headers.set("X-YT-Response-Code", Integer.toString(error.code()));
        headers.set("X-YT-Response-Message", error.getMessage().replaceAll("[\\r\\n]", " "));
        sendJson(exchange, status, body);
    }

    /** A failure answered with a status other than 400. */
    private static final class HttpError extends RuntimeException {
        final int status;
        final ServerError error;

        HttpError(int status, ServerError error) {
            super(error.getMessage());
            this.status = status;
            this.error = error;
        }
    }
}
