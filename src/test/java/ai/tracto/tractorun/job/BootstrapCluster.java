package ai.tracto.tractorun.job;

import ai.tracto.tractorun.testsupport.Processes;
import ai.tracto.tractorun.Version;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * An embedded cluster whose vanilla operations run {@link BootstrapMain} as their job command,
 * the way the launcher starts them: {@code bootstrap.json} is a Cypress file in {@code file_paths},
 * {@code YT_PROXY} is in the spec's environment, the token in the secure vault. The job's JVM
 * runs with this test JVM's class path, so no jar has to be built.
 */
final class BootstrapCluster implements AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> FINISHED = Set.of("completed", "failed", "aborted");

    private final LocalCluster cluster;
    private final YtClient client;
    private final AtomicInteger uploads = new AtomicInteger();

    private BootstrapCluster(LocalCluster cluster) {
        this.cluster = cluster;
        this.client = YtClient.builder().proxy(cluster.proxyUrl().toString()).build();
    }

    static BootstrapCluster start(Path root) {
        return new BootstrapCluster(LocalCluster.start(new LocalClusterOptions(root, 0)));
    }

    YtClient client() {
        return client;
    }

    /** A valid bootstrap.json for this build, for the test to adjust. */
    static ObjectNode config(String ytPath, int nodeCount, int processPerNode, String workerScript) {
        ObjectNode config = JSON.objectNode();
        config.put("version", Version.current());
        config.put("yt_path", ytPath);
        config.putObject("mesh").put("node_count", nodeCount).put("process_per_node", processPerNode)
                .put("gpu_per_process", 0);
        config.putArray("command").add("bash").add("-c").add(workerScript);
        config.putArray("env");
        config.putArray("sidecars");
        config.put("barrier_timeout_seconds", 60);
        return config;
    }

    static void addSidecar(ObjectNode config, String script, String restartPolicy) {
        ObjectNode sidecar = ((ArrayNode) config.get("sidecars")).addObject();
        sidecar.putArray("command").add("bash").add("-c").add(script);
        sidecar.put("restart_policy", restartPolicy);
    }

    /** Starts the operation; {@code secureVault} goes to the spec's secure vault. */
    String startOperation(ObjectNode config, Map<String, String> secureVault) {
        return startOperation(config, secureVault, Map.of());
    }

    /** Also ships {@code files} (sandbox name → local file) in the sandbox, as the launcher ships bind archives. */
    String startOperation(ObjectNode config, Map<String, String> secureVault, Map<String, Path> files) {
        BootstrapConfig.fromJson(config);
        String file = "//tmp/bootstrap/config-" + uploads.incrementAndGet() + ".json";
        client.create("file", file, CreateOptions.builder().recursive(true).build());
        client.writeFile(file, new ByteArrayInputStream(config.toString().getBytes(StandardCharsets.UTF_8)), false);

        ObjectNode task = JSON.objectNode();
        task.put("command", jobCommand());
        task.put("job_count", config.path("mesh").path("node_count").asInt());
        // As the launcher asks: one port per process and the barrier's.
        task.put("port_count", config.path("mesh").path("process_per_node").asInt() + 1);
        task.putObject("environment").put(BootstrapMain.YT_PROXY, cluster.proxyUrl().toString());
        ObjectNode filePath = task.putArray("file_paths").addObject();
        filePath.put("$value", file);
        filePath.putObject("$attributes").put("file_name", "bootstrap.json");
        files.forEach((name, local) -> {
            String cypressFile = "//tmp/bootstrap/file-" + uploads.incrementAndGet();
            client.create("file", cypressFile, CreateOptions.builder().recursive(true).build());
            try (InputStream in = Files.newInputStream(local)) {
                client.writeFile(cypressFile, in, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode extra = ((ArrayNode) task.get("file_paths")).addObject();
            extra.put("$value", cypressFile);
            extra.putObject("$attributes").put("file_name", name);
        });
        ObjectNode spec = JSON.objectNode();
        spec.putObject("tasks").set("task", task);
        spec.put("is_gang", true);
        spec.put("fail_on_job_restart", true);
        ObjectNode vault = spec.putObject("secure_vault");
        secureVault.forEach(vault::put);
        return client.startOperation("vanilla", spec);
    }

    /** Waits until the operation is finished and returns its state. */
    String awaitFinished(String operationId) {
        String[] state = new String[1];
        boolean finished = eventually(() -> {
            state[0] = client.getOperation(operationId, List.of("state")).path("state").asText();
            return FINISHED.contains(state[0]);
        });
        if (!finished) {
            throw new AssertionError("operation " + operationId + " still " + state[0] + " after 60 s; stderr: "
                    + stderrByNode(operationId));
        }
        return state[0];
    }

    /** The stderr of each job, by node index (job cookie). */
    Map<Integer, String> stderrByNode(String operationId) {
        Map<Integer, String> stderr = new TreeMap<>();
        for (JsonNode job : client.listJobs(operationId).path("jobs")) {
            try (InputStream in = client.getJobStderr(operationId, job.path("id").asText())) {
                stderr.put(job.path("job_cookie").asInt(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stderr;
    }

    /** Live processes (not zombies) whose environment names the operation: jobs and all they forked. */
    static List<Long> processesOf(String operationId) {
        return Processes.of(operationId);
    }

    /** Polls until true, for at most 60 s (only to avoid hanging; no test depends on the time). */
    static boolean eventually(BooleanSupplier condition) {
        return Processes.eventually(condition);
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }

    private static String jobCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return quote(java) + " -cp " + quote(System.getProperty("java.class.path"))
                + " ai.tracto.tractorun.job.BootstrapMain bootstrap.json";
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
