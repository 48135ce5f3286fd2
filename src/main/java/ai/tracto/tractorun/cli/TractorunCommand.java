package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.config.CliArguments;
import ai.tracto.tractorun.config.ConfigKey;
import ai.tracto.tractorun.config.ConfigLoader;
import ai.tracto.tractorun.config.DryRunReport;
import ai.tracto.tractorun.config.LoadedConfig;
import ai.tracto.tractorun.launch.RunExecutor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code tractorun [options] COMMAND...}: reads the options, then either prints the dry-run report
 * or hands the configuration to the {@link RunExecutor}. Flags are kept as raw text here; reading
 * and validating them is the {@code config} package's job, so flags and YAML share one rule set.
 */
@Command(name = "tractorun", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs COMMAND as a gang of processes on a YTsaurus cluster (or on this host with --local).%n"
                + "Everything from COMMAND on is the user's command, its own flags included.",
        footer = "%nPrecedence: flags > --run-config-path YAML > environment (YT_BASE_LAYER, YT_JOB_DOCKER_IMAGE)"
                + " > defaults.")
public final class TractorunCommand implements Callable<Integer> {
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Supplier<UUID> ids;
    private final RunExecutor executor;

    @Spec
    private CommandSpec spec;

    @Option(names = "--run-config-path", paramLabel = "FILE", description = "YAML file with options (keys as in the docs).")
    private String runConfigPath;

    @Option(names = "--yt-path", paramLabel = "PATH",
            description = "Training directory on the cluster. Default: //tmp/tractorun/<uuid>.")
    private String ytPath;

    @Option(names = "--docker-image", paramLabel = "IMAGE", description = "Docker image of the jobs.")
    private String dockerImage;

    @Option(names = "--title", paramLabel = "TITLE", description = "Operation title. Default: Tractorun <yt-path>.")
    private String title;

    @Option(names = "--mesh.node-count", paramLabel = "N", description = "Nodes (jobs). Default: 1.")
    private String nodeCount;

    @Option(names = "--mesh.process-per-node", paramLabel = "N", description = "Processes per node. Default: 1.")
    private String processPerNode;

    @Option(names = "--mesh.gpu-per-process", paramLabel = "N", description = "GPUs per process. Default: 0.")
    private String gpuPerProcess;

    @Option(names = "--mesh.pool-trees", paramLabel = "TREE", split = ",",
            description = "Pool tree(s); repeatable or comma-separated.")
    private List<String> poolTrees;

    @Option(names = "--mesh.pool", paramLabel = "POOL", description = "Scheduler pool.")
    private String pool;

    @Option(names = "--env", paramLabel = "JSON",
            description = "Environment variable, repeatable: {\"name\": .., \"value\": ..} or {\"name\": .., \"cypress_path\": ..}.")
    private List<String> env;

    @Option(names = "--resources.cpu-limit", paramLabel = "CORES", description = "CPU cores per node.")
    private String cpuLimit;

    @Option(names = "--resources.memory-limit", paramLabel = "SIZE",
            description = "Memory per node: bytes or 512M, 16G, 16GiB, 1.5G.")
    private String memoryLimit;

    @Option(names = "--user-config", paramLabel = "JSON", description = "JSON passed to every process.")
    private String userConfig;

    @Option(names = "--bind-local", paramLabel = "BIND",
            description = "Local file/dir for the job, repeatable: src:dst or {\"source\": .., \"destination\": ..}.")
    private List<String> bindLocal;

    @Option(names = "--bind-local-lib", paramLabel = "DIR", description = "Local Python library, repeatable.")
    private List<String> bindLocalLib;

    @Option(names = "--bind-cypress", paramLabel = "BIND",
            description = "Cypress node for the job, repeatable: //src:dst or JSON with attributes.")
    private List<String> bindCypress;

    @Option(names = "--sidecar", paramLabel = "JSON",
            description = "Sidecar, repeatable: {\"command\": [..], \"restart_policy\": always|on_failure|never|fail}.")
    private List<String> sidecars;

    @Option(names = "--proxy-stderr-mode", paramLabel = "MODE", description = "disabled (default) or primary.")
    private String proxyStderrMode;

    @Option(names = "--operation-log-mode", paramLabel = "MODE", description = "default or realtime_yt_table.")
    private String operationLogMode;

    @Option(names = "--no-wait", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Start the operation and return without waiting.")
    private Boolean noWait;

    @Option(names = "--dry-run", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Print the effective configuration and operation spec as JSON; start nothing.")
    private Boolean dryRun;

    @Option(names = "--docker-auth-secret.cypress-path", paramLabel = "PATH",
            description = "Cypress document with Docker registry credentials.")
    private String dockerAuthSecret;

    @Option(names = "--cluster-config-path", paramLabel = "PATH",
            description = "Global tractorun configuration. Default: //home/tractorun/config.")
    private String clusterConfigPath;

    @Option(names = "--yt-operation-spec", paramLabel = "JSON", description = "Merged onto the operation spec.")
    private String ytOperationSpec;

    @Option(names = "--yt-task-spec", paramLabel = "JSON", description = "Merged onto the task spec.")
    private String ytTaskSpec;

    @Option(names = "--local", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Run on the embedded local cluster on this host.")
    private Boolean local;

    @Option(names = "--backend", paramLabel = "NAME", description = "generic (default), torch or jax.")
    private String backend;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command every worker runs.")
    private List<String> command = new ArrayList<>();

    /**
     * @param environment      the process environment
     * @param workingDirectory what relative local paths are relative to
     * @param ids              source of the id in the default training directory
     * @param executor         what runs a configuration that is not a dry run
     */
    public TractorunCommand(Map<String, String> environment, Path workingDirectory, Supplier<UUID> ids,
                            RunExecutor executor) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The command line, configured as every entry point and test uses it: the first positional
     * argument ends tractorun's options, and errors print one line.
     */
    public static CommandLine commandLine(TractorunCommand command, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(command)
                .setStopAtPositional(true)
                .setOut(out)
                .setErr(err);
        return OneLineErrors.install(commandLine);
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded = load();
        RunConfig config = loaded.config();
        if (config.dryRun()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(DryRunReport.of(loaded)));
            out.flush();
            return ExitCodes.OK;
        }
        return executor.run(config);
    }

    /** Reads and validates the parsed flags; separate from {@link #call()} so tests can compare configurations. */
    LoadedConfig load() {
        return new ConfigLoader(environment, workingDirectory, ids).load(arguments());
    }

    private CliArguments arguments() {
        Map<ConfigKey, List<String>> values = new EnumMap<>(ConfigKey.class);
        put(values, ConfigKey.YT_PATH, ytPath);
        put(values, ConfigKey.DOCKER_IMAGE, dockerImage);
        put(values, ConfigKey.TITLE, title);
        put(values, ConfigKey.MESH_NODE_COUNT, nodeCount);
        put(values, ConfigKey.MESH_PROCESS_PER_NODE, processPerNode);
        put(values, ConfigKey.MESH_GPU_PER_PROCESS, gpuPerProcess);
        putAll(values, ConfigKey.MESH_POOL_TREES, poolTrees);
        put(values, ConfigKey.MESH_POOL, pool);
        putAll(values, ConfigKey.ENV, env);
        put(values, ConfigKey.RESOURCES_CPU_LIMIT, cpuLimit);
        put(values, ConfigKey.RESOURCES_MEMORY_LIMIT, memoryLimit);
        put(values, ConfigKey.USER_CONFIG, userConfig);
        putAll(values, ConfigKey.BIND_LOCAL, bindLocal);
        putAll(values, ConfigKey.BIND_LOCAL_LIB, bindLocalLib);
        putAll(values, ConfigKey.BIND_CYPRESS, bindCypress);
        putAll(values, ConfigKey.SIDECARS, sidecars);
        put(values, ConfigKey.PROXY_STDERR_MODE, proxyStderrMode);
        put(values, ConfigKey.OPERATION_LOG_MODE, operationLogMode);
        put(values, ConfigKey.NO_WAIT, noWait);
        put(values, ConfigKey.DRY_RUN, dryRun);
        put(values, ConfigKey.DOCKER_AUTH_SECRET_CYPRESS_PATH, dockerAuthSecret);
        put(values, ConfigKey.CLUSTER_CONFIG_PATH, clusterConfigPath);
        put(values, ConfigKey.YT_OPERATION_SPEC, ytOperationSpec);
        put(values, ConfigKey.YT_TASK_SPEC, ytTaskSpec);
        put(values, ConfigKey.LOCAL, local);
        put(values, ConfigKey.BACKEND, backend);
        return new CliArguments(values, command, Optional.ofNullable(runConfigPath));
    }

    private static void put(Map<ConfigKey, List<String>> values, ConfigKey key, Object value) {
        if (value != null) {
            values.put(key, List.of(String.valueOf(value)));
        }
    }

    private static void putAll(Map<ConfigKey, List<String>> values, ConfigKey key, List<String> items) {
        if (items != null) {
            values.put(key, items);
        }
    }
}
