package ai.tracto.tractorun.job;

import ai.tracto.tractorun.Backend;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.OperationLogMode;
import ai.tracto.tractorun.RestartPolicy;
import ai.tracto.tractorun.Sidecar;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.yt.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the launcher tells every job of an operation: {@code bootstrap.json} in the sandbox,
 * snake_case keys. The launcher builds it and writes {@link #toJson()}; the job reads it with
 * {@link #read(Path)}. Unknown keys are rejected so that a launcher/bootstrap mismatch is loud.
 */
public record BootstrapConfig(
        String version,
        String ytPath,
        Mesh mesh,
        List<String> command,
        List<EnvVariable> env,
        Optional<JsonNode> userConfig,
        List<Sidecar> sidecars,
        List<BindArchive> binds,
        List<LibBindArchive> libBinds,
        OperationLogMode operationLogMode,
        StderrMode proxyStderrMode,
        Backend backend,
        Duration barrierTimeout,
        Optional<JsonNode> clusterConfig) {

    /** How long nodes wait for each other at the barrier unless the launcher says otherwise. */
    public static final Duration DEFAULT_BARRIER_TIMEOUT = Duration.ofSeconds(600);

    public BootstrapConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(ytPath, "ytPath");
        Objects.requireNonNull(mesh, "mesh");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        env = List.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(userConfig, "userConfig");
        sidecars = List.copyOf(Objects.requireNonNull(sidecars, "sidecars"));
        binds = List.copyOf(Objects.requireNonNull(binds, "binds"));
        libBinds = List.copyOf(Objects.requireNonNull(libBinds, "libBinds"));
        Objects.requireNonNull(operationLogMode, "operationLogMode");
        Objects.requireNonNull(proxyStderrMode, "proxyStderrMode");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(barrierTimeout, "barrierTimeout");
        Objects.requireNonNull(clusterConfig, "clusterConfig");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        if (!ytPath.startsWith("//")) {
            throw new IllegalArgumentException("yt_path must start with //, got " + ytPath);
        }
        if (barrierTimeout.isNegative() || barrierTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "barrier_timeout_seconds must be positive, got " + barrierTimeout.toSeconds());
        }
    }

    /** Reads and validates {@code bootstrap.json}; every problem names the file and the key. */
    public static BootstrapConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BootstrapException("bootstrap config " + file + " does not exist");
        } catch (IOException e) {
            throw new BootstrapException("cannot read bootstrap config " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Json.read(text);
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new BootstrapException("bootstrap config " + file + " is not valid JSON: " + problem, e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new BootstrapException("bootstrap config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the config from its JSON form.
     *
     * @throws IllegalArgumentException naming the key, the bad value and what was expected
     */
    public static BootstrapConfig fromJson(JsonNode root) {
        ConfigFields fields = ConfigFields.of(root, "the bootstrap config");
        fields.allowOnly("version", "yt_path", "mesh", "command", "env", "user_config", "sidecars",
                "binds", "lib_binds", "operation_log_mode", "proxy_stderr_mode", "backend",
                "barrier_timeout_seconds", "cluster_config");

        ConfigFields meshFields = fields.object("mesh");
        meshFields.allowOnly("node_count", "process_per_node", "gpu_per_process");
        Mesh mesh = new Mesh(meshFields.requiredInt("node_count"), meshFields.requiredInt("process_per_node"),
                meshFields.optionalInt("gpu_per_process").orElse(0), List.of(), Optional.empty());

        List<EnvVariable> env = fields.objects("env").stream().map(e -> {
            e.allowOnly("name", "value", "cypress_path");
            String name = e.requiredString("name");
            Optional<String> value = e.optionalString("value");
            Optional<String> cypressPath = e.optionalString("cypress_path");
            if (value.isPresent() == cypressPath.isPresent()) {
                throw new IllegalArgumentException(
                        e.where() + " (" + name + ") needs exactly one of value and cypress_path");
            }
            return new EnvVariable(name, value, cypressPath);
        }).toList();

        List<Sidecar> sidecars = fields.objects("sidecars").stream().map(s -> {
            s.allowOnly("command", "restart_policy");
            List<String> sidecarCommand = s.requiredStrings("command");
            if (sidecarCommand.isEmpty()) {
                throw new IllegalArgumentException(s.where() + ".command must not be empty");
            }
            return new Sidecar(sidecarCommand, s.requiredEnum("restart_policy", RestartPolicy::fromWireName,
                    RestartPolicy.values(), RestartPolicy::wireName));
        }).toList();

        List<BindArchive> binds = fields.objects("binds").stream().map(b -> {
            b.allowOnly("archive", "destination");
            return new BindArchive(b.requiredString("archive"), b.requiredString("destination"));
        }).toList();

        List<LibBindArchive> libBinds = fields.objects("lib_binds").stream().map(b -> {
            b.allowOnly("archive", "name");
            String name = b.requiredString("name");
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException(b.where() + ".name must be a single path segment, got '"
                        + name + "'");
            }
            return new LibBindArchive(b.requiredString("archive"), name);
        }).toList();

        List<String> command = fields.requiredStrings("command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        long barrierSeconds = fields.optionalInt("barrier_timeout_seconds")
                .orElse((int) DEFAULT_BARRIER_TIMEOUT.toSeconds());
        if (barrierSeconds <= 0) {
            throw new IllegalArgumentException("barrier_timeout_seconds must be positive, got " + barrierSeconds);
        }
        return new BootstrapConfig(
                fields.requiredString("version"),
                fields.requiredString("yt_path"),
                mesh,
                command,
                env,
                fields.optionalNode("user_config"),
                sidecars,
                binds,
                libBinds,
                fields.optionalEnum("operation_log_mode", OperationLogMode::fromWireName,
                        OperationLogMode.values(), OperationLogMode::wireName).orElse(OperationLogMode.DEFAULT),
                fields.optionalEnum("proxy_stderr_mode", StderrMode::fromWireName,
                        StderrMode.values(), StderrMode::wireName).orElse(StderrMode.DISABLED),
                fields.optionalEnum("backend", Backend::fromWireName, Backend.values(), Backend::wireName)
                        .orElse(Backend.GENERIC),
                Duration.ofSeconds(barrierSeconds),
                fields.optionalNode("cluster_config"));
    }

    /** The JSON form, exactly what {@link #fromJson(JsonNode)} reads back. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", version);
        root.put("yt_path", ytPath);
        ObjectNode meshNode = root.putObject("mesh");
        meshNode.put("node_count", mesh.nodeCount());
        meshNode.put("process_per_node", mesh.processPerNode());
        meshNode.put("gpu_per_process", mesh.gpuPerProcess());
        ArrayNode commandNode = root.putArray("command");
        command.forEach(commandNode::add);
        ArrayNode envNode = root.putArray("env");
        for (EnvVariable variable : env) {
            ObjectNode entry = envNode.addObject().put("name", variable.name());
            variable.value().ifPresent(v -> entry.put("value", v));
            variable.cypressPath().ifPresent(p -> entry.put("cypress_path", p));
        }
        root.set("user_config", userConfig.orElse(f.nullNode()));
        ArrayNode sidecarsNode = root.putArray("sidecars");
        for (Sidecar sidecar : sidecars) {
            ObjectNode entry = sidecarsNode.addObject();
            ArrayNode sidecarCommand = entry.putArray("command");
            sidecar.command().forEach(sidecarCommand::add);
            entry.put("restart_policy", sidecar.restartPolicy().wireName());
        }
        ArrayNode bindsNode = root.putArray("binds");
        binds.forEach(b -> bindsNode.addObject().put("archive", b.archive()).put("destination", b.destination()));
        ArrayNode libBindsNode = root.putArray("lib_binds");
        libBinds.forEach(b -> libBindsNode.addObject().put("archive", b.archive()).put("name", b.name()));
        root.put("operation_log_mode", operationLogMode.wireName());
        root.put("proxy_stderr_mode", proxyStderrMode.wireName());
        root.put("backend", backend.wireName());
        root.put("barrier_timeout_seconds", barrierTimeout.toSeconds());
        root.set("cluster_config", clusterConfig.orElse(f.nullNode()));
        return root;
    }
}
