package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.Mesh;
import ai.tracto.tractorun.RunConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a configuration and the launch facts into the vanilla operation spec. Pure: same inputs,
 * same spec, nothing contacted, so the dry run shows exactly what a launch submits.
 *
 * <p>One task, {@value #TASK_NAME}, with one job per node; each job gets one port per process
 * (the primary's first port is the rendezvous port, MASTER_PORT), one more for the barrier's
 * release channel (the last, {@code YT_PORT_<process_per_node>}; see {@code job.JobIdentity}),
 * and every GPU of its processes.
 * {@code yt_operation_spec} is deep-merged onto the operation and {@code yt_task_spec} onto the
 * task last, so the user's values win over ours.
 */
public final class OperationSpecBuilder {
    public static final String OPERATION_TYPE = "vanilla";
    public static final String TASK_NAME = "task";
    /** The most stderrs YTsaurus keeps; a gang's failure is usually explained by one of them. */
    public static final int MAX_STDERR_COUNT = 150;
    /** Ports asked for beyond one per process: the primary's barrier release channel. */
    public static final int BARRIER_PORTS = 1;

    private OperationSpecBuilder() {}

    public static ObjectNode build(RunConfig config, LaunchFacts facts) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Mesh mesh = config.mesh();

        ObjectNode task = f.objectNode();
        task.put("command", facts.jobCommand());
        task.put("job_count", mesh.nodeCount());
        task.put("port_count", mesh.processPerNode() + BARRIER_PORTS);
        task.put("gpu_limit", mesh.gpuPerNode());
        config.resources().cpuLimit().ifPresent(cpu -> task.put("cpu_limit", cpu));
        config.resources().memoryLimit().ifPresent(bytes -> task.put("memory_limit", bytes));
        config.dockerImage().ifPresent(image -> task.put("docker_image", image));
        ObjectNode environment = task.putObject("environment");
        new TreeMap<>(facts.environment()).forEach(environment::put);
        ArrayNode filePaths = task.putArray("file_paths");
        facts.filePaths().forEach(filePaths::add);

        ObjectNode spec = f.objectNode();
        spec.put("title", config.title());
        mesh.pool().ifPresent(pool -> spec.put("pool", pool));
        if (!mesh.poolTrees().isEmpty()) {
            ArrayNode trees = spec.putArray("pool_trees");
            mesh.poolTrees().forEach(trees::add);
        }
        // The gang lives and dies together: a restarted job could never rejoin the rendezvous.
        spec.put("is_gang", true);
        spec.put("fail_on_job_restart", true);
        spec.putObject("annotations").put("is_tractorun", true);
        spec.put("max_stderr_count", MAX_STDERR_COUNT);
        spec.set("secure_vault", facts.secureVault());
        config.ytOperationSpec().ifPresent(user -> deepMerge(spec, user));
        config.ytTaskSpec().ifPresent(user -> deepMerge(task, user));
        // The task goes in after the user's operation spec so "tasks" there merges with ours.
        ObjectNode tasks = f.objectNode();
        tasks.set(TASK_NAME, task);
        JsonNode userTasks = spec.get("tasks");
        if (userTasks instanceof ObjectNode userTasksObject) {
            deepMerge(tasks, userTasksObject);
        }
        spec.set("tasks", tasks);
        return spec;
    }

    /** A copy of {@code spec} with every secure-vault value replaced by {@code "***"}. */
    public static ObjectNode masked(ObjectNode spec) {
        ObjectNode copy = spec.deepCopy();
        JsonNode vault = copy.get("secure_vault");
        if (vault instanceof ObjectNode vaultObject) {
            vaultObject.fieldNames().forEachRemaining(name -> vaultObject.put(name, "***"));
        }
        return copy;
    }

    /** Objects merge key by key, recursively; anything else in {@code overlay} replaces the base value. */
    static void deepMerge(ObjectNode base, ObjectNode overlay) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode overlayObject) {
                deepMerge(existingObject, overlayObject);
            } else {
                base.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }
}
