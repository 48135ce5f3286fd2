package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.Coordinator;
import ai.tracto.tractorun.job.NodeContext;
import ai.tracto.tractorun.job.NodeService;
import ai.tracto.tractorun.job.NodeServiceProvider;
import ai.tracto.tractorun.job.WorkerEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the node's {@link ToolboxEndpoint} in the bootstrap, before the workers, and gives every
 * worker {@code TRACTORUN_TOOLBOX_URL}, plus what a Java function worker needs to start
 * ({@link JavaWorkerCommand}) and the cluster's Cypress link template. Registered in
 * {@code META-INF/services}.
 */
public final class ToolboxNodeServiceProvider implements NodeServiceProvider {
    public static final String TOOLBOX_URL_VARIABLE = "TRACTORUN_TOOLBOX_URL";

    @Override
    public void prepare() {
        ToolboxEndpoint.prepare();
    }

    @Override
    public NodeService start(NodeContext context) {
        WorkerEnvironment environment = context.environment();
        List<Coordinator> workers = environment.localRanks().stream()
                .map(environment::coordinator)
                .toList();
        Optional<String> template = context.config().clusterConfig()
                .map(config -> config.path("cypress_link_template"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue);
        ToolboxEndpoint endpoint = ToolboxEndpoint.builder()
                .yt(context.client())
                .ytPath(context.config().ytPath())
                .mesh(context.config().mesh())
                .workers(workers)
                .userConfig(context.config().userConfig().orElse(null))
                .operationId(context.job().operationId())
                .jobId(context.job().jobId())
                .cypressLinkTemplate(template.orElse(null))
                .start();
        Map<String, String> common = new LinkedHashMap<>();
        common.put(JavaWorkerCommand.JAVA_VARIABLE,
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        common.put(JavaWorkerCommand.CLASSPATH_VARIABLE, absoluteClasspath(context.jobDir()));
        template.ifPresent(t -> common.put(ToolboxContext.CYPRESS_LINK_TEMPLATE_VARIABLE, t));
        return new NodeService() {
            @Override
            public Map<String, String> workerEnvironment(int localRank) {
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put(TOOLBOX_URL_VARIABLE, endpoint.url(localRank).toString());
                return env;
            }

            @Override
            public void close() {
                endpoint.close();
            }
        };
    }

    /** Workers may change directory; the bootstrap's relative classpath entries are resolved against the job's. */
    private static String absoluteClasspath(Path jobDir) {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> jobDir.resolve(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
