package ai.tracto.tractorun;

import ai.tracto.tractorun.toolbox.CheckpointManager;
import ai.tracto.tractorun.toolbox.Coordinator;
import ai.tracto.tractorun.toolbox.DescriptionManager;
import ai.tracto.tractorun.toolbox.ModelSaver;
import ai.tracto.tractorun.toolbox.TableReader;
import ai.tracto.tractorun.toolbox.ToolboxContext;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Java worker gets from tractorun: its place in the gang, the user config, a client
 * with the job's credentials, checkpoints, the operation description and model saving. The
 * same things the Python tractorun's toolbox offers, with the same layout in Cypress.
 *
 * <p>A {@link TrainFunction} receives it as its argument; a program started by the
 * {@code tractorun} command gets it with {@link #fromEnvironment()}. Closing it waits for
 * checkpoint saves still in flight.
 */
public final class Toolbox implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ToolboxContext context;
    private final YtClient yt;
    private final CheckpointManager checkpointManager;
    private final DescriptionManager descriptionManager;
    private final ModelSaver modelSaver;

    private Toolbox(ToolboxContext context, YtClient yt) {
        this.context = context;
        this.yt = yt;
        this.checkpointManager = new CheckpointManager(yt, context.ytPath());
        this.descriptionManager = new DescriptionManager(yt, context.operationId(), context.cypressLinkTemplate());
        this.modelSaver = new ModelSaver(yt, context.ytPath(), context.coordinator(), context.mesh(),
                context.userConfig(), context.operationId(), context.jobId());
    }

    /**
     * The toolbox of this worker: the context file named by {@code TRACTORUN_CONTEXT} and a
     * client for {@code YT_PROXY} with the token from {@code YT_TOKEN} (or the secure vault's
     * {@code YT_SECURE_VAULT_YT_TOKEN}).
     */
    public static Toolbox fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** {@link #fromEnvironment()} over the given environment. */
    public static Toolbox fromEnvironment(Map<String, String> env) {
        ToolboxContext context = ToolboxContext.fromEnvironment(env);
        Map<String, String> clientEnv = new HashMap<>(env);
        String vaultToken = env.get("YT_SECURE_VAULT_YT_TOKEN");
        if (!clientEnv.containsKey("YT_TOKEN") && vaultToken != null) {
            clientEnv.put("YT_TOKEN", vaultToken);
        }
        return of(context, YtClient.fromEnvironment(clientEnv, Path.of(System.getProperty("user.home"))));
    }

    /** A toolbox over {@code context} using {@code yt}; closing the toolbox closes the client. */
    public static Toolbox of(ToolboxContext context, YtClient yt) {
        return new Toolbox(Objects.requireNonNull(context, "context"), Objects.requireNonNull(yt, "yt"));
    }

    public Coordinator coordinator() {
        return context.coordinator();
    }

    /** The user config as given to the run; a JSON null when there is none. */
    public JsonNode userConfig() {
        return context.userConfig();
    }

    /** The user config bound to {@code type} with Jackson. */
    public <T> T userConfig(Class<T> type) {
        try {
            return MAPPER.treeToValue(context.userConfig(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("user config cannot be read as " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public Mesh mesh() {
        return context.mesh();
    }

    /** The training directory, {@code yt_path}. */
    public String ytPath() {
        return context.ytPath();
    }

    /** A client of the run's cluster with the job's credentials. */
    public YtClient yt() {
        return yt;
    }

    public DescriptionManager descriptionManager() {
        return descriptionManager;
    }

    public CheckpointManager checkpointManager() {
        return checkpointManager;
    }

    /** Rows of a table, ready to be {@linkplain TableReader#shard(int, int) sharded} by rank. */
    public TableReader tableReader(String tablePath) {
        return TableReader.of(yt, tablePath);
    }

    /**
     * Saves a model to {@code <yt_path>/models/<incarnation>} when this worker is the primary
     * (the others only get the path back), with the Python tractorun's {@code @tractorun} attribute.
     *
     * @param datasetPath the table the model was trained on; may be null
     * @param metadata anything to keep with the model; may be null
     */
    public String saveModel(InputStream data, String datasetPath, JsonNode metadata) {
        return modelSaver.save(data, datasetPath, metadata);
    }

    public String saveModel(byte[] data, String datasetPath, JsonNode metadata) {
        return modelSaver.save(data, datasetPath, metadata);
    }

    public String saveModel(Path data, String datasetPath, JsonNode metadata) {
        return modelSaver.save(data, datasetPath, metadata);
    }

    /** Waits for checkpoint saves in flight, then closes the client. */
    @Override
    public void close() {
        try {
            checkpointManager.close();
        } finally {
            yt.close();
        }
    }
}
