package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.StderrMode;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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
    /** Wakes the watcher of the launch in progress: on interruption, and on changes the embedded cluster reports. */
    private final WakeUp wakeUp = new WakeUp();
    private final Object launchLock = new Object();
    /** Counted down when the launch in progress has cleaned up; null while none runs. */
    private CountDownLatch launchInProgress;
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

    /** The command line's launch: only the exit code is reported, so the run's incarnation is not read back. */
    @Override
    public int run(RunConfig config) throws Exception {
        return launch(config, LaunchExtras.none(), false).exitCode();
    }

    /**
     * Launches {@code config} with {@code extras}. Configuration problems found on the way (a
     * missing Cypress bind source, a bad docker secret) throw
     * {@link TractorunConfigException} before anything is submitted.
     */
    public LaunchResult launch(RunConfig config, LaunchExtras extras) throws Exception {
        return launch(config, extras, true);
    }

    private LaunchResult launch(RunConfig config, LaunchExtras extras, boolean readIncarnation) throws Exception {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(extras, "extras");
        CountDownLatch done = new CountDownLatch(1);
        synchronized (launchLock) {
            if (launchInProgress != null) {
                throw new IllegalStateException("a launcher runs one launch at a time; create another Launcher");
            }
            launchInProgress = done;
        }
        try {
            return doLaunch(config, extras, readIncarnation);
        } finally {
            synchronized (launchLock) {
                launchInProgress = null;
            }
            done.countDown();
        }
    }

    /**
     * The Ctrl-C path (the CLI's shutdown hook calls it): the running launch aborts its operation
     * and transaction and returns 130. Waits up to {@code timeout} for that cleanup to finish;
     * returns at once when no launch is running. Later launches of this launcher return 130 at once.
     */
    public void abort(Duration timeout) throws InterruptedException {
        interrupted.countDown();
        wakeUp.call();
        CountDownLatch running;
        synchronized (launchLock) {
            running = launchInProgress;
        }
        if (running != null) {
            running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
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

    private LaunchResult doLaunch(RunConfig config, LaunchExtras extras, boolean readIncarnation)
            throws Exception {
        if (config.local()) {
            LocalModeChecks.requireRelativeDestinations(config);
        }
        ClusterConnection connection = ClusterConnection.open(config, environment);
        connection.onOperationChange(wakeUp::call);
        boolean keep = false;
        try {
            YtClient client = connection.client();
            if (config.local()) {
                LocalModeChecks.noteUnenforced(config, environment);
            }
            ClusterConfig clusterConfig = ClusterConfig.read(client, config.clusterConfigPath(), environment,
                    config.local() && config.clusterConfigPath().equals(RunConfig.DEFAULT_CLUSTER_CONFIG_PATH));
            CypressBinds.Delivery cypressFiles = CypressBinds.deliver(CypressBinds.expand(client, config.bindCypress()));
            Optional<ObjectNode> dockerAuth = config.dockerAuthSecret().map(s -> DockerAuth.read(client, s));
            TrainingDirectory.prepare(client, config.ytPath());
            if (isAborted()) {
                return interruptedResult(config, client, Optional.empty());
            }
            JobPackage.Shipped shipped = JobPackage.ship(config, extras, client, clusterConfig, cypressFiles,
                    dockerAuth, connection.token(), classpath, environment);
            ObjectNode spec = OperationSpecBuilder.build(config, shipped.facts());
            if (isAborted()) {
                return interruptedResult(config, client, Optional.empty());
            }
            JsonNode submitted = OperationSpecBuilder.masked(spec);
            if (config.noWait()) {
                // The incarnation is not known yet: the operation's primary has only just started.
                LaunchResult result = submitNoWait(config, connection, spec, clusterConfig)
                        .withRun(submitted, OptionalLong.empty());
                // The embedded cluster lives in this process: keep it serving the operation.
                keep = connection.ownsCluster() && result.operationId().isPresent();
                if (keep) {
                    keptConnection = connection;
                    environment.say("tractorun: note: the local cluster runs inside this process; the operation"
                            + " stops when it exits (run bin/tractorun-local-cluster to keep one serving)");
                }
                return result;
            }
            LaunchResult result = submitAndWait(config, connection, spec, clusterConfig);
            shipped.classArchive().filter(BootstrapClassArchive::recording).ifPresent(archive -> archive.settle(
                    result.operationId().map(id -> jobsThatEndedByThemselves(client, id)).orElse(Set.of())));
            OptionalLong incarnation = readIncarnation ? result.operationId()
                    .map(id -> RunIncarnation.of(client, config.ytPath(), id)).orElse(OptionalLong.empty())
                    : OptionalLong.empty();
            return result.withRun(submitted, incarnation);
        } finally {
            if (!keep) {
                connection.close();
            }
        }
    }

    private LaunchResult submitNoWait(RunConfig config, ClusterConnection connection, ObjectNode spec,
                                      ClusterConfig clusterConfig) throws Exception {
        YtClient client = connection.client();
        String operationId = client.startOperation(OperationSpecBuilder.OPERATION_TYPE, spec);
        announce(operationId, clusterConfig);
        OperationWatcher watcher = new OperationWatcher(client, operationId, environment, interrupted, wakeUp,
                Optional.empty(), pollPace(config, connection, false));
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

    private LaunchResult submitAndWait(RunConfig config, ClusterConnection connection, ObjectNode spec,
                                       ClusterConfig clusterConfig) throws Exception {
        YtClient client = connection.client();
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put("title", "tractorun launcher for " + config.ytPath());
        try (Transaction transaction = client.startTransaction(TransactionOptions.builder()
                .timeout(TRANSACTION_TIMEOUT).attributes(attributes).build())) {
            // Under the transaction: if this launcher dies, the transaction expires and the operation is aborted.
            String operationId = transaction.client().startOperation(OperationSpecBuilder.OPERATION_TYPE, spec);
            announce(operationId, clusterConfig);
            Optional<StderrProxy> proxy = config.proxyStderrMode() == StderrMode.PRIMARY
                    ? Optional.of(new StderrProxy(client, operationId, environment)) : Optional.empty();
            OperationWatcher watcher = new OperationWatcher(client, operationId, environment, interrupted, wakeUp,
                    proxy, pollPace(config, connection, proxy.isPresent()));
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

    /** The jobs that completed or failed by themselves; none when the cluster cannot say (the run's result stands). */
    private static Set<String> jobsThatEndedByThemselves(YtClient client, String operationId) {
        Set<String> ended = new HashSet<>();
        JsonNode jobs;
        try {
            jobs = client.listJobs(operationId).path("jobs");
        } catch (YtException e) {
            return Set.of();
        }
        for (JsonNode job : jobs) {
            String state = job.path("state").asText();
            if (state.equals("completed") || state.equals("failed")) {
                ended.add(job.path("id").asText());
            }
        }
        return ended;
    }

    /**
     * How often the watcher polls. Stderr forwarding is paced by the polls, so it keeps the local
     * pace even when the cluster in this process wakes the watcher.
     */
    private static OperationWatcher.Pace pollPace(RunConfig config, ClusterConnection connection,
                                                  boolean stderrProxied) {
        if (!config.local()) {
            return OperationWatcher.CLUSTER;
        }
        return connection.ownsCluster() && !stderrProxied ? OperationWatcher.WOKEN : OperationWatcher.LOCAL;
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
}
