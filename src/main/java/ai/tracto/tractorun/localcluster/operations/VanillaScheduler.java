package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.localcluster.Ids;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.FileStore;
import ai.tracto.tractorun.localcluster.OperationService;
import ai.tracto.tractorun.localcluster.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded cluster's scheduler: runs vanilla operations as local process trees, one
 * process group per job (see {@link JobProcess} for how jobs are started, stopped and killed
 * when the cluster dies), and keeps finished operations' records under its work root so they
 * outlive a restart.
 *
 * <p>Runtime parameters: {@code update_operation_parameters} merges {@code annotations} into
 * {@code runtime_parameters.annotations} (YTsaurus keeps runtime changes there); {@code spec}
 * stays as submitted.
 */
public final class VanillaScheduler implements OperationService {
    private static final Logger LOG = LoggerFactory.getLogger(VanillaScheduler.class);
    /** How long a job gets between SIGTERM and SIGKILL unless configured otherwise. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);
    private static final Duration WORK_FILES_WAIT = Duration.ofSeconds(5);
    private static final Set<String> LIST_JOBS_UNSUPPORTED = Set.of(
            "address", "with_fail_context", "with_spec", "with_competitors", "job_competition_id",
            "with_monitoring_descriptor", "with_interruption_info", "from_time", "to_time", "continuation_token");

    private final FileStore files;
    private final Duration grace;
    private final OperationStore store;
    private final PortAllocator ports = new PortAllocator();
    private final Map<String, Operation> live = new ConcurrentHashMap<>();
    private final Map<String, StoredOperation> stored = new ConcurrentHashMap<>();
    private final ExecutorService events = Executors.newCachedThreadPool(daemonThreads("scheduler-events"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("scheduler-timers"));
    private final Map<String, String> parentEnvironment = Map.copyOf(System.getenv());
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    /**
     * The records of earlier runs, read in the background: only a question about an old operation
     * waits for them. The work files a run stopped too early to remove go on the way.
     */
    private final CompletableFuture<Void> storedLoaded;
    private volatile boolean closed;

    public VanillaScheduler(Path workRoot, FileStore files) {
        this(workRoot, files, DEFAULT_GRACE_PERIOD);
    }

    public VanillaScheduler(Path workRoot, FileStore files, Duration gracePeriod) {
        this.files = Objects.requireNonNull(files, "files");
        this.grace = Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
        }
        this.store = new OperationStore(Objects.requireNonNull(workRoot, "workRoot"));
        try {
            Files.createDirectories(workRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create scheduler root " + workRoot, e);
        }
        // Listed now, read later: an operation started meanwhile is not one of them.
        List<Path> earlier = store.recordedDirectories();
        storedLoaded = CompletableFuture.runAsync(() -> {
            for (Path directory : earlier) {
                store.loadEarlier(directory).ifPresent(operation -> {
                    stored.putIfAbsent(operation.operation().path("id").asText(), operation);
                    WorkFiles.removeUnder(directory);
                });
            }
        }, events);
    }

    @Override
    public String startOperation(String operationType, ObjectNode spec, Optional<String> transactionId, String user) {
        if (closed) {
            throw new ServerError(ErrorCodes.GENERIC, "Scheduler is shutting down");
        }
        if (!"vanilla".equals(operationType)) {
            throw new ServerError(ErrorCodes.GENERIC, "Operation type \"" + operationType
                    + "\" is not supported by the embedded cluster; only \"vanilla\" operations run locally");
        }
        VanillaSpec vanilla = VanillaSpec.parse(spec);
        String id = Ids.next();
        Path directory = store.directoryOf(id);
        Path filesDirectory = directory.resolve(WorkFiles.STAGED_FILES);
        stageFiles(vanilla, filesDirectory);
        Operation operation = new Operation(id, user, spec, vanilla, transactionId, directory, Instant.now(),
                new Operation.Context(filesDirectory, parentEnvironment, ports, grace, events, timers,
                        this::onFinished, this::changed));
        if (!vanilla.unenforcedOptions().isEmpty()) {
            LOG.warn("Operation {}: the embedded cluster does not enforce these spec options: {}",
                    id, String.join(", ", vanilla.unenforcedOptions()));
        }
        store.save(id, operation.record());
        live.put(id, operation);
        LOG.info("Operation {}: started by {} with {} job(s)", id, user, vanilla.totalJobCount());
        events.execute(operation::launch);
        return id;
    }

    @Override
    public ObjectNode getOperation(String operationId, Optional<List<String>> attributes) {
        ObjectNode full = find(operationId).render();
        if (attributes.isEmpty()) {
            return full;
        }
        ObjectNode filtered = YtValues.JSON.createObjectNode();
        for (String key : attributes.get()) {
            if (full.has(key)) {
                filtered.set(key, full.get(key));
            }
        }
        return filtered;
    }

    @Override
    public void abortOperation(String operationId, Optional<String> message) {
        OperationRecord operation = find(operationId);
        if (operation instanceof Operation running) {
            running.abort(message.orElse("Operation aborted by user request"));
        }
    }

    @Override
    public ObjectNode listJobs(String operationId, ObjectNode parameters) {
        OperationRecord operation = find(operationId);
        for (var it = parameters.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (LIST_JOBS_UNSUPPORTED.contains(key)) {
                throw new ServerError(ErrorCodes.GENERIC, "list_jobs parameter \"" + key
                        + "\" is not supported by the embedded cluster");
            }
        }
        Optional<String> state = textParameter(parameters, "job_state");
        Optional<String> type = textParameter(parameters, "job_type");
        Optional<String> task = textParameter(parameters, "task_name");
        boolean withStderr = parameters.path("with_stderr").asBoolean(false);
        int offset = intParameter(parameters, "offset", 0);
        int limit = intParameter(parameters, "limit", 1000);

        List<ObjectNode> all = operation.renderJobs();
        ObjectNode stateCounts = YtValues.JSON.createObjectNode();
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode job : all) {
            String jobState = job.path("state").asText();
            stateCounts.put(jobState, stateCounts.path(jobState).asInt() + 1);
            if (state.isPresent() && !state.get().equals(jobState)
                    || type.isPresent() && !type.get().equals(job.path("type").asText())
                    || task.isPresent() && !task.get().equals(job.path("task_name").asText())
                    || withStderr && job.path("stderr_size").asLong() == 0) {
                continue;
            }
            matching.add(job);
        }
        ObjectNode result = YtValues.JSON.createObjectNode();
        ArrayNode jobs = result.putArray("jobs");
        matching.stream().skip(offset).limit(limit).forEach(jobs::add);
        result.put("total_count", matching.size());
        result.set("state_counts", stateCounts);
        result.set("type_counts", YtValues.JSON.createObjectNode().put("vanilla", all.size()));
        result.put("controller_agent_job_count", all.size());
        result.put("scheduler_job_count", all.size());
        result.put("archive_job_count", 0);
        result.putArray("errors");
        return result;
    }

    @Override
    public InputStream jobStderr(String operationId, String jobId) {
        Path file = find(operationId).stderrFile(jobId).orElseThrow(() -> new ServerError(ErrorCodes.NO_SUCH_JOB,
                "No such job " + jobId, Map.of("operation_id", operationId, "job_id", jobId)));
        try {
            return Files.exists(file) ? Files.newInputStream(file) : InputStream.nullInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read job stderr " + file, e);
        }
    }

    @Override
    public void updateOperationParameters(String operationId, ObjectNode parameters) {
        OperationRecord operation = find(operationId);
        if (!(operation instanceof Operation running)) {
            throw new ServerError(ErrorCodes.GENERIC, "Operation " + operationId
                    + " has finished; its parameters cannot be updated");
        }
        running.updateParameters(parameters);
    }

    @Override
    public void addChangeListener(Runnable listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("An operation change listener failed", e);
            }
        }
    }

    @Override
    public void transactionFinished(String transactionId) {
        for (Operation operation : live.values()) {
            if (operation.transactionId().equals(Optional.of(transactionId))) {
                operation.abort("Operation transaction has expired or was aborted");
            }
        }
    }

    /** Aborts every running operation and waits until their processes are gone. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Operation operation : live.values()) {
            operation.abort("Cluster is shutting down");
            waits.add(operation.finished());
        }
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                    .get(grace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Operations did not stop in time; killing their processes");
            live.values().forEach(Operation::killNow);
        } catch (InterruptedException e) {
            live.values().forEach(Operation::killNow);
            Thread.currentThread().interrupt();
        } finally {
            timers.shutdownNow();
            events.shutdown();
        }
        try {
            // The finished operations' work files are being removed: a few unlinks, not worth leaving for later.
            events.awaitTermination(WORK_FILES_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An unfinished record of an earlier run may be being rewritten as aborted: let it end whole.
        storedLoaded.exceptionally(e -> null).join();
    }

    private void onFinished(Operation operation) {
        ObjectNode record = operation.record();
        Path directory = store.directoryOf(operation.id());
        store.save(operation.id(), record);
        stored.put(operation.id(), StoredOperation.fromRecord(record, directory));
        live.remove(operation.id());
        try {
            events.execute(() -> WorkFiles.removeUnder(directory));
        } catch (RejectedExecutionException e) {
            // Shutting down: the next start removes them.
        }
    }

    private OperationRecord find(String operationId) {
        OperationRecord operation = live.get(operationId);
        if (operation == null) {
            storedLoaded.join();
            operation = stored.get(operationId);
        }
        if (operation == null) {
            throw new ServerError(ErrorCodes.NO_SUCH_OPERATION, "No such operation " + operationId,
                    Map.of("operation_id", operationId));
        }
        return operation;
    }

    private void stageFiles(VanillaSpec spec, Path filesDirectory) {
        try {
            for (TaskSpec task : spec.tasks()) {
                Path taskDir = filesDirectory.resolve(task.name());
                Files.createDirectories(taskDir);
                for (FileArtifact file : task.files()) {
                    files.copyFileTo(file.cypressPath(), taskDir.resolve(file.fileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage operation files in " + filesDirectory, e);
        }
    }

    private static Optional<String> textParameter(ObjectNode parameters, String key) {
        JsonNode value = parameters.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static int intParameter(ObjectNode parameters, String key, int defaultValue) {
        JsonNode value = parameters.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw new ServerError(ErrorCodes.GENERIC, "list_jobs parameter \"" + key
                    + "\" must be a non-negative integer, got " + value);
        }
        return value.asInt();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
