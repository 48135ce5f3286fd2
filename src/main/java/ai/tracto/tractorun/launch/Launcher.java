package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.Version;
import ai.tracto.tractorun.job.BindArchive;
import ai.tracto.tractorun.job.BootstrapConfig;
import ai.tracto.tractorun.job.LibBindArchive;
import ai.tracto.tractorun.job.bind.BindPacker;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configuration for real: connects (to the cluster, or to the embedded one with
 * {@code --local}), prepares the training directory, ships the launcher's own classpath, a Java
 * runtime, the bootstrap config and the binds through a content-addressed cache, submits the
 * vanilla operation built by {@link OperationSpecBuilder} under a client transaction, and follows
 * it to the end. {@link #abort()} is the Ctrl-C path: the operation and the transaction are
 * aborted and the launch returns 130.
 *
 * <p>One launch at a time per instance. Not thread-safe otherwise; {@link #abort()} may be
 * called from any thread (a shutdown hook).
 */
public final class Launcher implements RunExecutor {
    /** How long the client transaction lives without a ping: a killed launcher's operation dies this soon. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LaunchEnvironment environment;
    private final String classpath;
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ClusterConnection keptConnection;

    /** A launcher that ships this JVM's classpath ({@code java.class.path}). */
    public Launcher(LaunchEnvironment environment) {
        this(environment, System.getProperty("java.class.path"));
    }

    /** A launcher that ships {@code classpath} (entries separated by the platform's path separator). */
    public Launcher(LaunchEnvironment environment, String classpath) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.classpath = Objects.requireNonNull(classpath, "classpath");
    }

    @Override
    public int run(RunConfig config) throws Exception {
        return launch(config, LaunchExtras.none()).exitCode();
    }

    /**
     * Launches {@code config} with {@code extras}. Configuration problems found on the way (a
     * missing Cypress bind source, a bad docker secret) throw
     * {@link TractorunConfigException} before anything is submitted.
     */
    public LaunchResult launch(RunConfig config, LaunchExtras extras) throws Exception {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(extras, "extras");
        try {
            return doLaunch(config, extras);
        } finally {
            finished.countDown();
        }
    }

    /**
     * The Ctrl-C path (the CLI's shutdown hook calls it): the running launch aborts its operation
     * and transaction and returns 130. Waits up to {@code timeout} for that cleanup to finish.
     */
    public void abort(Duration timeout) throws InterruptedException {
        interrupted.countDown();
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #abort} was called. */
    public boolean isAborted() {
        return interrupted.getCount() == 0;
    }

    /**
     * Stops an embedded cluster kept serving after a {@code --no-wait --local} launch started it
     * in this process (closing it aborts that operation). Nothing to do otherwise.
     */
    public void closeKeptCluster() {
        ClusterConnection connection = keptConnection;
        keptConnection = null;
        if (connection != null) {
            connection.close();
        }
    }

    private LaunchResult doLaunch(RunConfig config, LaunchExtras extras) throws Exception {
        if (config.local()) {
            requireRelativeDestinations(config);
        }
        ClusterConnection connection = ClusterConnection.open(config, environment);
        boolean keep = false;
        try {
            YtClient client = connection.client();
            if (config.local()) {
                noteUnenforced(config);
            }
            ClusterConfig clusterConfig = ClusterConfig.read(client, config.clusterConfigPath(), environment);
            CypressBinds.Delivery cypressFiles = CypressBinds.deliver(CypressBinds.expand(client, config.bindCypress()));
            Optional<ObjectNode> dockerAuth = config.dockerAuthSecret().map(s -> DockerAuth.read(client, s));
            TrainingDirectory.prepare(client, config.ytPath());
            if (isAborted()) {
                return interruptedResult(config, client, Optional.empty());
            }
            ObjectNode spec = buildSpec(config, extras, client, clusterConfig, cypressFiles, dockerAuth,
                    connection.token());
            if (isAborted()) {
                return interruptedResult(config, client, Optional.empty());
            }
            if (config.noWait()) {
                LaunchResult result = submitNoWait(config, client, spec, clusterConfig);
                // The embedded cluster lives in this process: keep it serving the operation.
                keep = connection.ownsCluster() && result.operationId().isPresent();
                if (keep) {
                    keptConnection = connection;
                    environment.say("tractorun: note: the local cluster runs inside this process; the operation"
                            + " stops when it exits (run bin/tractorun-local-cluster to keep one serving)");
                }
                return result;
            }
            return submitAndWait(config, client, spec, clusterConfig);
        } finally {
            if (!keep) {
                connection.close();
            }
        }
    }

    private ObjectNode buildSpec(RunConfig config, LaunchExtras extras, YtClient client, ClusterConfig clusterConfig,
                                 CypressBinds.Delivery cypressFiles, Optional<ObjectNode> dockerAuth,
                                 Optional<String> token) throws IOException {
        Path work = Files.createTempDirectory("tractorun-launch-");
        try {
            UploadCache cache = new UploadCache(client, clusterConfig.fileCachePath());
            List<JsonNode> files = new ArrayList<>();
            List<String> jars = new ArrayList<>();
            for (ShippedFile jar : ClasspathFiles.of(classpath, work)) {
                files.add(FilePaths.file(cache.put(jar.local()), jar.sandboxName()));
                jars.add(jar.sandboxName());
            }
            Optional<String> runtime = JavaRuntimeImage.obtain(environment.cacheDirectory(), environment)
                    .map(archive -> {
                        files.add(FilePaths.file(cache.put(archive), JavaRuntimeImage.SANDBOX_NAME));
                        return JavaRuntimeImage.SANDBOX_NAME;
                    });
            List<BindArchive> binds = new ArrayList<>();
            for (int i = 0; i < config.bindLocal().size(); i++) {
                BindLocal bind = config.bindLocal().get(i);
                String name = "bind_" + i + ".zip";
                Path archive = work.resolve(name);
                BindPacker.pack(environment.workingDirectory().resolve(bind.source()), archive);
                files.add(FilePaths.file(cache.put(archive), name));
                binds.add(new BindArchive(name, bind.destination()));
            }
            List<LibBindArchive> libBinds = new ArrayList<>();
            for (int i = 0; i < config.bindLocalLib().size(); i++) {
                Path lib = environment.workingDirectory().resolve(config.bindLocalLib().get(i)).normalize();
                String name = "lib_" + i + ".zip";
                Path archive = work.resolve(name);
                BindPacker.pack(lib, archive);
                files.add(FilePaths.file(cache.put(archive), name));
                libBinds.add(new LibBindArchive(name, lib.getFileName().toString()));
            }
            for (Map.Entry<String, Path> extra : extras.files().entrySet()) {
                files.add(FilePaths.file(cache.put(extra.getValue()), extra.getKey()));
            }
            BootstrapConfig bootstrap = new BootstrapConfig(Version.current(), config.ytPath(), config.mesh(),
                    extras.workerCommand().orElse(config.command()), config.env(), config.userConfig(),
                    config.sidecars(), binds, libBinds, config.operationLogMode(), config.proxyStderrMode(),
                    config.backend(), BootstrapConfig.DEFAULT_BARRIER_TIMEOUT, clusterConfig.document());
            Path bootstrapFile = work.resolve(JobCommand.BOOTSTRAP_FILE);
            Files.writeString(bootstrapFile, JSON.writeValueAsString(bootstrap.toJson()));
            files.add(FilePaths.file(cache.put(bootstrapFile), JobCommand.BOOTSTRAP_FILE));
            files.addAll(cypressFiles.filePaths());
            environment.say("tractorun: " + cache.stats().summary());

            ObjectNode vault = JsonNodeFactory.instance.objectNode();
            token.ifPresent(t -> vault.put("YT_TOKEN", t));
            dockerAuth.ifPresent(auth -> vault.set("docker_auth", auth));
            LaunchFacts facts = new LaunchFacts(JobCommand.render(jars, runtime, cypressFiles.moves()), files,
                    Map.of("YT_PROXY", client.proxyUrl().toString()), vault);
            return OperationSpecBuilder.build(config, facts);
        } finally {
            JavaRuntimeImage.deleteRecursively(work);
        }
    }

    private LaunchResult submitNoWait(RunConfig config, YtClient client, ObjectNode spec, ClusterConfig clusterConfig)
            throws Exception {
        String operationId = client.startOperation(OperationSpecBuilder.OPERATION_TYPE, spec);
        announce(operationId, clusterConfig);
        OperationWatcher watcher = new OperationWatcher(client, operationId, environment, interrupted, Optional.empty());
        Optional<JsonNode> operation = watcher.awaitRunning();
        if (operation.isEmpty()) {
            return interruptedResult(config, client, Optional.of(operationId));
        }
        String state = operation.get().path("state").asText();
        if (!"running".equals(state)) {
            return finishedResult(config, client, operationId, operation.get());
        }
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("operation_id", operationId);
        report.put("yt_path", config.ytPath());
        report.put("proxy", client.proxyUrl().toString());
        clusterConfig.operationLink(operationId).ifPresent(link -> report.put("operation_url", link));
        synchronized (environment.out()) {
            environment.out().println(JSON.writeValueAsString(report));
            environment.out().flush();
        }
        return new LaunchResult(0, Optional.of(operationId), config.ytPath(), client.proxyUrl());
    }

    private LaunchResult submitAndWait(RunConfig config, YtClient client, ObjectNode spec, ClusterConfig clusterConfig)
            throws Exception {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put("title", "tractorun launcher for " + config.ytPath());
        try (Transaction transaction = client.startTransaction(TransactionOptions.builder()
                .timeout(TRANSACTION_TIMEOUT).attributes(attributes).build())) {
            // Under the transaction: if this launcher dies, the transaction expires and the operation is aborted.
            String operationId = transaction.client().startOperation(OperationSpecBuilder.OPERATION_TYPE, spec);
            announce(operationId, clusterConfig);
            Optional<StderrProxy> proxy = config.proxyStderrMode() == StderrMode.PRIMARY
                    ? Optional.of(new StderrProxy(client, operationId, environment)) : Optional.empty();
            OperationWatcher watcher = new OperationWatcher(client, operationId, environment, interrupted, proxy);
            Optional<JsonNode> operation = watcher.awaitFinished();
            if (operation.isEmpty()) {
                LaunchResult result = interruptedResult(config, client, Optional.of(operationId));
                transaction.abort();
                return result;
            }
            LaunchResult result = finishedResult(config, client, operationId, operation.get());
            transaction.commit();
            return result;
        }
    }

    private void announce(String operationId, ClusterConfig clusterConfig) {
        environment.say("tractorun: started operation " + operationId
                + clusterConfig.operationLink(operationId).map(link -> " " + link).orElse(""));
    }

    private LaunchResult finishedResult(RunConfig config, YtClient client, String operationId, JsonNode operation) {
        String state = operation.path("state").asText();
        int code;
        if ("completed".equals(state)) {
            environment.say("tractorun: operation " + operationId + " completed");
            code = 0;
        } else if ("failed".equals(state)) {
            FailureSummary summary = FailureSummary.of(client, operationId, operation, config.mesh().processPerNode());
            summary.lines().forEach(environment::say);
            code = summary.exitCode();
        } else {
            environment.say("tractorun: operation " + operationId + " was aborted: "
                    + FailureSummary.describe(operation.path("result").path("error")));
            code = 1;
        }
        return new LaunchResult(code, Optional.of(operationId), config.ytPath(), client.proxyUrl());
    }

    private LaunchResult interruptedResult(RunConfig config, YtClient client, Optional<String> operationId) {
        operationId.ifPresent(id -> {
            try {
                client.abortOperation(id, "interrupted by the user (Ctrl-C in tractorun)");
                environment.say("tractorun: interrupted: aborted operation " + id);
            } catch (RuntimeException e) {
                environment.say("tractorun: interrupted: could not abort operation " + id + ": " + e.getMessage()
                        + " (its transaction is aborted, which aborts it too)");
            }
        });
        if (operationId.isEmpty()) {
            environment.say("tractorun: interrupted before the operation was started");
        }
        return new LaunchResult(130, operationId, config.ytPath(), client.proxyUrl());
    }

    /**
     * The embedded cluster runs jobs as processes on this host and never writes outside their
     * sandboxes, so an absolute destination cannot be honoured there.
     */
    private static void requireRelativeDestinations(RunConfig config) {
        for (BindLocal bind : config.bindLocal()) {
            requireRelative("bind_local.destination", bind.destination());
        }
        for (BindCypress bind : config.bindCypress()) {
            requireRelative("bind_cypress.destination", bind.destination());
        }
    }

    private static void requireRelative(String option, String destination) {
        if (destination.startsWith("/")) {
            String suggestion = destination.replaceAll("^/+", "");
            throw new TractorunConfigException(option, destination, "a relative destination with --local"
                    + " (local jobs never write outside their sandbox), e.g. '" + suggestion
                    + "' in the job's working directory");
        }
    }

    private void noteUnenforced(RunConfig config) {
        List<String> ignored = new ArrayList<>();
        config.dockerImage().ifPresent(image -> ignored.add("docker_image"));
        config.mesh().pool().ifPresent(pool -> ignored.add("mesh.pool"));
        if (!config.mesh().poolTrees().isEmpty()) {
            ignored.add("mesh.pool_trees");
        }
        if (config.mesh().gpuPerProcess() > 0) {
            ignored.add("mesh.gpu_per_process");
        }
        if (!ignored.isEmpty()) {
            environment.say("tractorun: note: the local cluster does not enforce " + String.join(", ", ignored)
                    + "; jobs run as processes on this host");
        }
    }
}
