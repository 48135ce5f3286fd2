package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.DockerAuthSecret;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * Reads a Docker registry secret in every shape users store it and returns what the operation's
 * {@code secure_vault.docker_auth} takes: {@code {username, password}} or {@code {auth}}. Errors
 * show the expected shapes, never the document's contents.
 */
final class DockerAuth {
    static final String OPTION = "docker_auth_secret.cypress_path";
    static final String EXPECTED = "a document {\"username\": \"..\", \"password\": \"..\"}, {\"auth\": \"..\"},"
            + " {\"secrets\": {\"username\": \"..\", \"password\": \"..\"}} or"
            + " {\"secrets\": {\"username\": {\"value\": \"..\"}, \"password\": {\"value\": \"..\"}}}";

    private DockerAuth() {}

    static ObjectNode read(YtClient client, DockerAuthSecret secret) {
        JsonNode document;
        try {
            document = client.get(secret.cypressPath());
        } catch (YtException e) {
            if (e.isResolveError()) {
                throw new TractorunConfigException(OPTION, secret.cypressPath() + ": no such node");
            }
            throw e;
        }
        return parse(document).orElseThrow(() -> new TractorunConfigException(OPTION,
                secret.cypressPath() + ": expected " + EXPECTED + "; found " + describe(document)));
    }

    static Optional<ObjectNode> parse(JsonNode document) {
        if (!document.isObject()) {
            return Optional.empty();
        }
        JsonNode secrets = document.has("secrets") ? document.get("secrets") : document;
        if (!secrets.isObject()) {
            return Optional.empty();
        }
        Optional<String> username = text(secrets.get("username"));
        Optional<String> password = text(secrets.get("password"));
        ObjectNode auth = JsonNodeFactory.instance.objectNode();
        if (username.isPresent() && password.isPresent()) {
            auth.put("username", username.get());
            auth.put("password", password.get());
            return Optional.of(auth);
        }
        Optional<String> token = text(secrets.get("auth"));
        if (token.isPresent() && username.isEmpty() && password.isEmpty()) {
            auth.put("auth", token.get());
            return Optional.of(auth);
        }
        return Optional.empty();
    }

    /** A string, or {@code {"value": string}}. */
    private static Optional<String> text(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual() && !node.asText().isEmpty()) {
            return Optional.of(node.asText());
        }
        if (node.isObject() && node.size() == 1 && node.path("value").isTextual() && !node.path("value").asText().isEmpty()) {
            return Optional.of(node.path("value").asText());
        }
        return Optional.empty();
    }

    /** The document's shape without any value: its type, and for a map how many keys. */
    private static String describe(JsonNode document) {
        if (document.isObject()) {
            return "a map with " + document.size() + (document.size() == 1 ? " key" : " keys") + " in another shape";
        }
        return document.isTextual() ? "a string" : "a " + document.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
