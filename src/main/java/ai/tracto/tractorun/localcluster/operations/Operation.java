package ai.tracto.tractorun.localcluster.operations;

import ai.tracto.tractorun.localcluster.Ids;
import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.operations.Job.JobState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live vanilla operation: its jobs, its state machine and its rendering for get_operation.
 * Every state change happens under this object's lock, driven by events (start, a job's exit,
 * abort); the operation is finished when no job process remains.
 */
final class Operation implements OperationRecord {
    private static final Logger LOG = LoggerFactory.getLogger(Operation.class);

    private final String id;
    private final String user;
    private final ObjectNode submittedSpec;
    private final VanillaSpec spec;
    private final Optional<String> transactionId;
    private final Path directory;
    private final Instant startTime;
    private final ObjectNode runtimeParameters;
    private final Context context;
    private final List<Job> jobs = new ArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private OperationState state = OperationState.STARTING;
    private Optional<Instant> finishTime = Optional.empty();
    private Optional<ObjectNode> resultError = Optional.empty();

    /** What an operation needs from its scheduler. */
    record Context(Path filesDirectory, Map<String, String> parentEnvironment, PortAllocator ports, Duration grace,
                   Executor events, ScheduledExecutorService timers, Consumer<Operation> onFinished,
                   Runnable changed) {
    }

    Operation(String id, String user, ObjectNode submittedSpec, VanillaSpec spec, Optional<String> transactionId,
              Path directory, Instant startTime, Context context) {
        this.id = id;
        this.user = user;
        this.submittedSpec = submittedSpec.deepCopy();
        this.submittedSpec.remove("secure_vault");
        this.spec = spec;
        this.transactionId = transactionId;
        this.directory = directory;
        this.startTime = startTime;
        this.context = context;
        this.runtimeParameters = YtValues.JSON.createObjectNode();
        runtimeParameters.set("annotations", spec.annotations().deepCopy());
        runtimeParameters.put("pool", submittedSpec.path("pool").asText(user));
        runtimeParameters.put("weight", submittedSpec.path("weight").asDouble(1.0));
        runtimeParameters.set("acl", submittedSpec.has("acl") ? submittedSpec.get("acl").deepCopy()
                : YtValues.JSON.createArrayNode());
        if (submittedSpec.has("description")) {
            runtimeParameters.set("description", submittedSpec.get("description").deepCopy());
        }
    }

    String id() {
        return id;
    }

    Optional<String> transactionId() {
        return transactionId;
    }

    CompletableFuture<Void> finished() {
        return finished;
    }

    /** Starts every job; called once, off the caller's thread, so that {@code starting} is observable. */
    void launch() {
        spec.timeLimit().ifPresent(limit ->
                context.timers().schedule(this::timeLimitExceeded, limit.toMillis(), TimeUnit.MILLISECONDS));
        for (TaskSpec task : spec.tasks()) {
            for (int cookie = 0; cookie < task.jobCount(); cookie++) {
                synchronized (this) {
                    if (state != OperationState.STARTING) {
                        return;
                    }
                    try {
                        startJob(task, cookie);
                    } catch (RuntimeException e) {
                        LOG.error("Operation {}: cannot start a job of task {}", id, task.name(), e);
                        fail(new ServerError(ErrorCodes.GENERIC, "Cannot start job: " + e.getMessage()));
                        return;
                    }
                }
            }
        }
        synchronized (this) {
            if (state == OperationState.STARTING) {
                state = OperationState.RUNNING;
            }
        }
        context.changed().run();
    }

    synchronized void abort(String message) {
        if (state.isFinished() || state.isFinishing()) {
            // YTsaurus ignores an abort of an operation that is already shutting down.
            return;
        }
        LOG.info("Operation {}: aborting: {}", id, message);
        resultError = Optional.of(new ServerError(ErrorCodes.GENERIC, message,
                Map.of("user", user)).toJson());
        state = OperationState.ABORTING;
        stopAllJobs();
        finishIfIdle();
        context.changed().run();
    }

    private synchronized void timeLimitExceeded() {
        if (state == OperationState.STARTING || state == OperationState.RUNNING) {
            fail(new ServerError(ErrorCodes.GENERIC, "Operation is running for too long",
                    Map.of("time_limit", spec.timeLimit().orElseThrow().toMillis())));
        }
    }

    /** Kills every job process at once; for a scheduler that is closing and cannot wait any longer. */
    synchronized void killNow() {
        jobs.forEach(job -> job.process.ifPresent(JobProcess::kill));
    }

    synchronized void updateParameters(ObjectNode parameters) {
        for (var it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            switch (entry.getKey()) {
                case "annotations" -> {
                    requireType(value.isObject(), "annotations", "a map", value);
                    ((ObjectNode) runtimeParameters.get("annotations")).setAll((ObjectNode) value.deepCopy());
                }
                case "pool" -> {
                    requireType(value.isTextual(), "pool", "a string", value);
                    runtimeParameters.set("pool", value);
                }
                case "weight" -> {
                    requireType(value.isNumber() && value.asDouble() > 0, "weight", "a positive number", value);
                    runtimeParameters.put("weight", value.asDouble());
                }
                case "acl" -> {
                    requireType(value.isArray(), "acl", "a list", value);
                    runtimeParameters.set("acl", value.deepCopy());
                }
                case "description" -> runtimeParameters.set("description", value.deepCopy());
                default -> throw new ServerError(ErrorCodes.GENERIC, "Unsupported runtime parameter \""
                        + entry.getKey() + "\"; supported: annotations, pool, weight, acl, description");
            }
        }
    }

    @Override
    public synchronized ObjectNode render() {
        ObjectNode node = YtValues.JSON.createObjectNode();
        node.put("id", id);
        node.put("type", "vanilla");
        node.put("operation_type", "vanilla");
        node.put("state", state.wireName());
        node.put("authenticated_user", user);
        node.put("start_time", YtValues.time(startTime));
        finishTime.ifPresent(t -> node.put("finish_time", YtValues.time(t)));
        ObjectNode progress = progressJobs();
        node.set("brief_progress", YtValues.JSON.createObjectNode().set("jobs", progress));
        node.set("progress", YtValues.JSON.createObjectNode().set("jobs", progress.deepCopy()));
        node.set("spec", submittedSpec.deepCopy());
        node.set("runtime_parameters", runtimeParameters.deepCopy());
        if (state.isFinished()) {
            ObjectNode result = node.putObject("result");
            resultError.ifPresent(e -> result.set("error", e.deepCopy()));
        }
        node.set("alerts", alerts());
        ArrayNode taskNames = node.putArray("task_names");
        spec.tasks().forEach(t -> taskNames.add(t.name()));
        transactionId.ifPresent(tx -> node.put("user_transaction_id", tx));
        return node;
    }

    @Override
    public synchronized List<ObjectNode> renderJobs() {
        return jobs.stream().map(job -> job.render(id)).toList();
    }

    @Override
    public synchronized Optional<Path> stderrFile(String jobId) {
        return jobs.stream().filter(j -> j.id.equals(jobId)).findFirst().map(Job::stderrFile);
    }

    /** The operation directory's record: what survives a restart of the cluster. */
    synchronized ObjectNode record() {
        ObjectNode record = YtValues.JSON.createObjectNode();
        record.set("operation", render());
        ArrayNode jobNodes = record.putArray("jobs");
        renderJobs().forEach(jobNodes::add);
        return record;
    }

    private void startJob(TaskSpec task, int cookie) {
        String jobId = Ids.next();
        Path jobDir = directory.resolve(jobId);
        Path sandbox = jobDir.resolve(WorkFiles.SANDBOX);
        try {
            Files.createDirectories(sandbox.resolve("tmp"));
            for (FileArtifact file : task.files()) {
                Path target = sandbox.resolve(file.fileName());
                // With its timestamp: every job of the operation sees the very file that was staged.
                Files.copy(context.filesDirectory().resolve(task.name()).resolve(file.fileName()), target,
                        StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(target,
                        PosixFilePermissions.fromString(file.executable() ? "r-xr-xr-x" : "r--r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare sandbox " + sandbox, e);
        }
        List<Integer> ports = context.ports().allocate(task.portCount());
        // Indexes in start order, restarts included: what was started before this job.
        int jobIndex = jobs.size();
        int taskJobIndex = (int) jobs.stream().filter(j -> j.task.name().equals(task.name())).count();
        Job job = new Job(jobId, task, cookie, jobDir, ports, Instant.now());
        Map<String, String> env = JobEnvironment.build(context.parentEnvironment(), sandbox, task,
                spec.secureVault(), ports,
                new JobEnvironment.JobIdentity(id, jobId, task.name(), cookie, jobIndex, taskJobIndex));
        try {
            JobProcess process = JobProcess.start(task.command(), env, sandbox, jobDir, job.stderrFile(),
                    task.maxStderrSize(), task.redirectStdoutToStderr(), context.grace(), context.timers());
            job.process = Optional.of(process);
        } catch (RuntimeException e) {
            context.ports().release(ports);
            throw e;
        }
        jobs.add(job);
        job.process.get().onExit().whenCompleteAsync((status, error) -> {
            if (error != null) {
                LOG.error("Operation {}: lost track of job {}", id, job.id, error);
            }
            // before the job counts as finished: what left its process group must not outlive it
            Stragglers.kill(job.id);
            onJobExit(job, error == null ? status : 1);
            context.changed().run();
        }, context.events());
        context.changed().run();
    }

    private synchronized void onJobExit(Job job, int status) {
        job.finishTime = Optional.of(Instant.now());
        job.process = Optional.empty();
        context.ports().release(job.ports);
        if (job.stopRequested) {
            job.state = JobState.ABORTED;
        } else if (status == 0) {
            job.state = JobState.COMPLETED;
        } else {
            job.state = JobState.FAILED;
            ServerError error = jobError(status);
            job.error = Optional.of(error.toJson());
            LOG.info("Operation {}: job {} (cookie {}) failed with status {}", id, job.id, job.cookie, status);
            onJobFailed(job, error);
        }
        if ((state == OperationState.RUNNING || state == OperationState.STARTING) && allCompleted()) {
            finish(OperationState.COMPLETED);
            return;
        }
        finishIfIdle();
    }

    private void onJobFailed(Job job, ServerError error) {
        if (state != OperationState.RUNNING && state != OperationState.STARTING) {
            return;
        }
        if (spec.failOnJobRestart()) {
            fail(new ServerError(ErrorCodes.FAILED_ON_JOB_RESTART,
                    "Job failed; operation is failed since \"fail_on_job_restart\" is set in its spec",
                    Map.of("job_id", job.id), List.of(error)));
        } else if (jobs.stream().filter(j -> j.state == JobState.FAILED).count() > spec.maxFailedJobCount()) {
            fail(new ServerError(ErrorCodes.MAX_FAILED_JOBS_LIMIT_EXCEEDED, "Failed jobs limit exceeded",
                    Map.of("max_failed_job_count", spec.maxFailedJobCount()), List.of(error)));
        } else {
            try {
                startJob(job.task, job.cookie);
            } catch (RuntimeException e) {
                LOG.error("Operation {}: cannot restart job with cookie {}", id, job.cookie, e);
                fail(new ServerError(ErrorCodes.GENERIC, "Cannot restart job: " + e.getMessage(),
                        Map.of(), List.of(error)));
            }
        }
    }

    private void fail(ServerError error) {
        LOG.info("Operation {}: failing: {}", id, error.getMessage());
        resultError = Optional.of(error.toJson());
        state = OperationState.FAILING;
        stopAllJobs();
        finishIfIdle();
        context.changed().run();
    }

    private void stopAllJobs() {
        for (Job job : jobs) {
            job.process.ifPresent(process -> {
                job.stopRequested = true;
                process.stop(context.grace());
            });
        }
    }

    private void finishIfIdle() {
        if (jobs.stream().anyMatch(j -> j.process.isPresent())) {
            return;
        }
        if (state == OperationState.ABORTING) {
            finish(OperationState.ABORTED);
        } else if (state == OperationState.FAILING) {
            finish(OperationState.FAILED);
        }
    }

    private boolean allCompleted() {
        return spec.tasks().stream()
                .allMatch(t -> jobs.stream()
                        .filter(j -> j.task.name().equals(t.name()) && j.state == JobState.COMPLETED)
                        .count() >= t.jobCount());
    }

    private void finish(OperationState finalState) {
        state = finalState;
        finishTime = Optional.of(Instant.now());
        LOG.info("Operation {}: {}", id, finalState.wireName());
        context.onFinished().accept(this);
        finished.complete(null);
        context.changed().run();
    }

    private ObjectNode progressJobs() {
        int running = 0;
        int completed = 0;
        int failed = 0;
        int aborted = 0;
        for (Job job : jobs) {
            switch (job.state) {
                case RUNNING -> running++;
                case COMPLETED -> completed++;
                case FAILED -> failed++;
                case ABORTED -> aborted++;
                default -> throw new IllegalStateException(job.state.toString());
            }
        }
        int total = spec.totalJobCount();
        ObjectNode counts = YtValues.JSON.createObjectNode();
        counts.put("running", running);
        counts.put("completed", completed);
        counts.put("pending", state.isFinished() ? 0 : Math.max(0, total - running - completed));
        counts.put("failed", failed);
        counts.put("aborted", aborted);
        counts.put("lost", 0);
        counts.put("total", total);
        return counts;
    }

    private ObjectNode alerts() {
        ObjectNode alerts = YtValues.JSON.createObjectNode();
        if (!spec.unenforcedOptions().isEmpty()) {
            alerts.set("unenforced_spec_options", new ServerError(ErrorCodes.GENERIC,
                    "The embedded local cluster does not enforce these spec options: "
                            + String.join(", ", spec.unenforcedOptions()),
                    Map.of("options", spec.unenforcedOptions())).toJson());
        }
        return alerts;
    }

    private static ServerError jobError(int status) {
        // The wrapper reports bash's view of the status: 128+N means "killed by signal N".
        ServerError process = status > 128 && status <= 128 + 64
                ? new ServerError(ErrorCodes.PROCESS_KILLED_BY_SIGNAL, "Process terminated by signal " + (status - 128),
                        Map.of("signal", status - 128, "exit_code", status))
                : new ServerError(ErrorCodes.PROCESS_NON_ZERO_EXIT, "Process exited with code " + status,
                        Map.of("exit_code", status));
        return new ServerError(ErrorCodes.USER_JOB_FAILED, "User job failed", Map.of(), List.of(process));
    }

    private static void requireType(boolean ok, String key, String expected, JsonNode value) {
        if (!ok) {
            throw new ServerError(ErrorCodes.GENERIC, "Runtime parameter \"" + key + "\" must be " + expected
                    + ", got " + value);
        }
    }
}
