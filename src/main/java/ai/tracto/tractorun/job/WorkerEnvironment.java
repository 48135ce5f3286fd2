package ai.tracto.tractorun.job;

import ai.tracto.tractorun.Coordinator;
import ai.tracto.tractorun.EnvVariable;
import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.yt.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The environment of every process on one node, computed from the bootstrap config and the
 * node's place in the gang. Computing is pure; only {@link #writeContextFile(int)} touches disk.
 *
 * <p>Precedence, lowest first: the inherited environment, the user's {@code env}, then the
 * variables tractorun owns (rendezvous, context, backend), so a user variable cannot silently
 * break the rank arithmetic a {@code torchrun}-style script depends on. {@code PYTHONPATH} and
 * {@code CLASSPATH} are extended rather than replaced.
 */
public final class WorkerEnvironment {
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String RANK = "RANK";
    public static final String NODE_RANK = "NODE_RANK";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    public static final String LOCAL_WORLD_SIZE = "LOCAL_WORLD_SIZE";
    public static final String YT_USER_CONFIG = "YT_USER_CONFIG";
    /** Path of the JSON file with the full toolbox context of this process. */
    public static final String TRACTORUN_CONTEXT = "TRACTORUN_CONTEXT";
    /** Index of a sidecar on its node (sidecars only). */
    public static final String TRACTORUN_SIDECAR_INDEX = "TRACTORUN_SIDECAR_INDEX";

    private final BootstrapConfig config;
    private final NodeTopology topology;
    private final Map<String, String> userEnv;
    private final Path jobDir;
    private final Optional<JobIdentity> job;

    /** An environment that does not know its job: the context file then lacks operation and job ids. */
    public WorkerEnvironment(BootstrapConfig config, NodeTopology topology,
                             Map<String, String> resolvedCypressValues, Path jobDir) {
        this(config, topology, resolvedCypressValues, jobDir, Optional.empty());
    }

    /**
     * @param resolvedCypressValues the values read from Cypress for every {@code env} entry with
     *     a {@code cypress_path}, by variable name
     * @param jobDir the job's working directory (the sandbox); relative paths are made absolute
     * @param job the job these processes run in; its operation and job ids go into the context file
     */
    public WorkerEnvironment(BootstrapConfig config, NodeTopology topology,
                             Map<String, String> resolvedCypressValues, Path jobDir, Optional<JobIdentity> job) {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.jobDir = jobDir.toAbsolutePath().normalize();
        this.job = Objects.requireNonNull(job, "job");
        if (topology.nodeIndex() >= config.mesh().nodeCount()) {
            throw new IllegalArgumentException("node index " + topology.nodeIndex()
                    + " is outside the mesh of " + config.mesh().nodeCount() + " node(s)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVariable variable : config.env()) {
            String value = variable.value().orElseGet(() -> {
                String resolved = resolvedCypressValues.get(variable.name());
                if (resolved == null) {
                    throw new IllegalArgumentException("env variable " + variable.name() + " from "
                            + variable.cypressPath().orElseThrow() + " has no resolved value");
                }
                return resolved;
            });
            env.put(variable.name(), value);
        }
        this.userEnv = Map.copyOf(env);
    }

    public Mesh mesh() {
        return config.mesh();
    }

    public NodeTopology topology() {
        return topology;
    }

    /** The global rank of the worker with {@code localRank} on this node. */
    public int rank(int localRank) {
        checkLocalRank(localRank);
        return topology.nodeIndex() * config.mesh().processPerNode() + localRank;
    }

    /** The local ranks of this node's workers: 0 .. process_per_node-1. */
    public List<Integer> localRanks() {
        return IntStream.range(0, config.mesh().processPerNode()).boxed().toList();
    }

    /** The worker's place in the gang, as the toolbox shows it. */
    public Coordinator coordinator(int localRank) {
        return new Coordinator(rank(localRank), config.mesh().worldSize(), localRank, topology.nodeIndex(),
                topology.incarnationId(), topology.primaryEndpoint().toString(), topology.selfEndpoint().toString());
    }

    /** Everything a toolbox in a worker needs; written to the file named by {@link #TRACTORUN_CONTEXT}. */
    public ObjectNode toolboxContext(int localRank) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.set("coordinator", coordinator(localRank).toJson());
        ObjectNode mesh = context.putObject("mesh");
        mesh.put("node_count", config.mesh().nodeCount());
        mesh.put("process_per_node", config.mesh().processPerNode());
        mesh.put("gpu_per_process", config.mesh().gpuPerProcess());
        context.put("yt_path", config.ytPath());
        context.set("user_config", config.userConfig().orElse(JsonNodeFactory.instance.nullNode()));
        context.put("backend", config.backend().wireName());
        // Written here so that the toolbox never has to guess them from the job's variables.
        job.ifPresent(identity -> {
            context.put("operation_id", identity.operationId());
            context.put("job_id", identity.jobId());
        });
        context.set("cluster_config", config.clusterConfig().<JsonNode>map(JsonNode::deepCopy)
                .orElse(JsonNodeFactory.instance.nullNode()));
        return context;
    }

    /** Where the toolbox context of the worker with {@code localRank} is written. */
    public Path contextFile(int localRank) {
        return jobDir.resolve(".tractorun").resolve("context").resolve("rank-" + rank(localRank) + ".json");
    }

    /** Writes {@link #toolboxContext(int)} to {@link #contextFile(int)} atomically and returns the path. */
    public Path writeContextFile(int localRank) {
        Path file = contextFile(localRank);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, Json.write(toolboxContext(localRank)));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write toolbox context " + file, e);
        }
    }

    /** Where lib binds are unpacked; on {@code PYTHONPATH} whenever there is a lib bind. */
    public static Path libsDir(Path jobDir) {
        return jobDir.toAbsolutePath().normalize().resolve(".tractorun").resolve("libs");
    }

    /** The complete environment of the worker with {@code localRank}. */
    public Map<String, String> forWorker(int localRank, Map<String, String> inherited) {
        Map<String, String> env = common(inherited);
        env.put(RANK, Integer.toString(rank(localRank)));
        env.put(LOCAL_RANK, Integer.toString(localRank));
        env.put(TRACTORUN_CONTEXT, contextFile(localRank).toString());
        env.putAll(BackendEnvironment.forWorker(config.backend(), config.mesh(), topology, rank(localRank),
                localRank));
        return env;
    }

    /**
     * The environment of a sidecar: the node-wide part of the workers' environment (no
     * {@code RANK}, {@code LOCAL_RANK} or context file, which belong to one worker).
     */
    public Map<String, String> forSidecar(int sidecarIndex, Map<String, String> inherited) {
        Map<String, String> env = common(inherited);
        env.put(TRACTORUN_SIDECAR_INDEX, Integer.toString(sidecarIndex));
        return env;
    }

    private Map<String, String> common(Map<String, String> inherited) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.putAll(userEnv);
        Mesh mesh = config.mesh();
        env.put(MASTER_ADDR, topology.primaryEndpoint().host());
        env.put(MASTER_PORT, Integer.toString(topology.primaryEndpoint().port()));
        env.put(WORLD_SIZE, Integer.toString(mesh.worldSize()));
        env.put(NODE_RANK, Integer.toString(topology.nodeIndex()));
        env.put(LOCAL_WORLD_SIZE, Integer.toString(mesh.processPerNode()));
        // Plain ASCII: a JVM whose locale is not UTF-8 turns other characters of an environment value into '?'.
        env.put(YT_USER_CONFIG, config.userConfig().map(Json::writeAscii).orElse("null"));
        if (!config.libBinds().isEmpty()) {
            Path libs = libsDir(jobDir);
            env.put("PYTHONPATH", prepend(libs.toString(), env.get("PYTHONPATH")));
            // A Java library is either a directory of classes or a directory of jars: both forms go on.
            String javaEntries = config.libBinds().stream()
                    .map(lib -> libs.resolve(lib.name()) + ":" + libs.resolve(lib.name()).resolve("*"))
                    .collect(Collectors.joining(":"));
            env.put("CLASSPATH", prepend(javaEntries, env.get("CLASSPATH")));
        }
        return env;
    }

    private static String prepend(String first, String existing) {
        return existing == null || existing.isEmpty() ? first : first + ":" + existing;
    }

    private void checkLocalRank(int localRank) {
        if (localRank < 0 || localRank >= config.mesh().processPerNode()) {
            throw new IllegalArgumentException("local rank must be within 0.." + (config.mesh().processPerNode() - 1)
                    + ", got " + localRank);
        }
    }
}
