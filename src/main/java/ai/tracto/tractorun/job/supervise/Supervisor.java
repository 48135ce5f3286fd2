package ai.tracto.tractorun.job.supervise;

import ai.tracto.tractorun.job.log.LinePump;
import ai.tracto.tractorun.job.log.LogSink;
import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.log.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node's workers and sidecars and decides the node's exit code.
 *
 * <ul>
 *   <li>The first worker to exit non-zero stops the node at once and its code is the result
 *       (a worker killed by signal S gives 128+S, as the JDK reports it).</li>
 *   <li>When every worker has exited 0 the sidecars are stopped and the result is 0.</li>
 *   <li>Sidecars follow their {@link ai.tracto.tractorun.RestartPolicy}; restarts wait out a
 *       {@link RestartBackoff}. A {@code fail} sidecar exiting non-zero stops the node with its code.</li>
 *   <li>{@link #terminate()} (the bootstrap got SIGTERM) stops the node with 143 unless a code
 *       was already decided.</li>
 * </ul>
 *
 * <p>Stopping sends SIGTERM to every process tree and group (see {@link ProcessTrees}), waits at
 * most the grace period for them to go, then SIGKILLs what is left, children included. The exit
 * code is published only once every process is gone and its output has been routed.
 *
 * <p>Everything reacts to events ({@link Process#onExit()}, end of output, scheduled timers); the
 * state lives on one event thread, so no state is shared between threads except the published
 * result and counters.
 */
public final class Supervisor implements AutoCloseable {
    /** The result when the node is stopped by {@link #terminate()}: 128 + SIGTERM. */
    public static final int TERMINATED_EXIT_CODE = 128 + 15;
    /** The result when a worker (or a {@code fail} sidecar) cannot be started at all, as in a shell. */
    public static final int CANNOT_START_EXIT_CODE = 127;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** How long to wait for SIGKILLed processes (and their output) before giving up on them. */
    private static final Duration AFTER_KILL_WAIT = Duration.ofSeconds(2);

    private enum Phase { RUNNING, STOPPING, DONE }

    private final List<ProcessSpec> workerSpecs;
    private final List<SidecarSpec> sidecarSpecs;
    private final LogSink sink;
    private final SupervisorOptions options;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService events;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final AtomicInteger[] sidecarStarts;
    private volatile LogSource failedProcess;

    // State below is touched only on the event thread.
    private final List<Running> started = new ArrayList<>();
    private final Duration[] sidecarDelays;
    private final List<ScheduledFuture<?>> pendingRestarts = new ArrayList<>();
    private Phase phase = Phase.RUNNING;
    private int workersLeft;
    private int decidedCode;
    private ScheduledFuture<?> killTask;

    private Supervisor(List<ProcessSpec> workers, List<SidecarSpec> sidecars, LogSink sink,
                       SupervisorOptions options) {
        this.workerSpecs = List.copyOf(workers);
        this.sidecarSpecs = List.copyOf(sidecars);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.options = Objects.requireNonNull(options, "options");
        if (workerSpecs.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one worker");
        }
        this.workersLeft = workerSpecs.size();
        this.sidecarDelays = new Duration[sidecarSpecs.size()];
        this.sidecarStarts = new AtomicInteger[sidecarSpecs.size()];
        for (int i = 0; i < sidecarSpecs.size(); i++) {
            sidecarDelays[i] = Duration.ZERO;
            sidecarStarts[i] = new AtomicInteger();
        }
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tractorun-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the sidecars, then the workers, and returns at once; see {@link #exitCode()}. */
    public static Supervisor start(List<ProcessSpec> workers, List<SidecarSpec> sidecars, LogSink sink,
                                   SupervisorOptions options) {
        Supervisor supervisor = new Supervisor(workers, sidecars, sink, options);
        supervisor.events.execute(supervisor::startAll);
        return supervisor;
    }

    /** Completes with the node's exit code once every process is gone. */
    public CompletableFuture<Integer> exitCode() {
        return exitCode.copy();
    }

    /** Blocks until the node is done and returns its exit code. */
    public int awaitExitCode() throws InterruptedException {
        try {
            return exitCode.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("supervisor failed", e.getCause());
        }
    }

    /**
     * The worker (or {@code fail} sidecar) whose exit decided a non-zero result; empty while
     * running, on success and when stopped by {@link #terminate()}.
     */
    public Optional<LogSource> failedProcess() {
        return Optional.ofNullable(failedProcess);
    }

    /** How many times the sidecar with this index has been started so far. */
    public int sidecarStarts(int index) {
        return sidecarStarts[index].get();
    }

    /**
     * Stops the node as if it were aborted: SIGTERM to every tree, the grace period, SIGKILL to the
     * rest; blocks until all is gone. Meant for the bootstrap's SIGTERM (a JVM shutdown hook).
     */
    public void terminate() {
        try {
            events.execute(() -> beginStop(TERMINATED_EXIT_CODE,
                    "received SIGTERM: forwarding it to every process tree"));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Already done: nothing left to stop.
        }
        exitCode.join();
    }

    /** Same as {@link #terminate()} when still running; returns at once when already done. */
    @Override
    public void close() {
        if (!exitCode.isDone()) {
            terminate();
        }
    }

    private void startAll() {
        for (int i = 0; i < sidecarSpecs.size(); i++) {
            startSidecar(i);
        }
        for (ProcessSpec spec : workerSpecs) {
            if (phase != Phase.RUNNING) {
                return;
            }
            try {
                Running worker = launch(spec);
                worker.process.onExit().thenRunAsync(() -> onWorkerExit(worker), events);
            } catch (IOException e) {
                failBy(spec.source(), CANNOT_START_EXIT_CODE, "cannot start " + spec.source() + " (" + spec.command()
                        + "): " + e.getMessage() + "; stopping the node");
            }
        }
    }

    private void startSidecar(int index) {
        if (phase != Phase.RUNNING) {
            return;
        }
        SidecarSpec spec = sidecarSpecs.get(index);
        sidecarStarts[index].incrementAndGet();
        try {
            Running sidecar = launch(spec.process());
            sidecar.process.onExit().thenRunAsync(() -> onSidecarExit(index, sidecar), events);
        } catch (IOException e) {
            LOG.warn("cannot start {} ({}): {}", spec.process().source(), spec.process().command(), e.getMessage());
            afterSidecarExit(index, CANNOT_START_EXIT_CODE, Duration.ZERO);
        }
    }

    private Running launch(ProcessSpec spec) throws IOException {
        ProcessTrees.requireExecutable(spec.command().get(0),
                spec.environment().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"), spec.directory());
        ProcessBuilder builder = new ProcessBuilder(ProcessTrees.inOwnGroup(spec.command()))
                .directory(spec.directory().toFile());
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        Process process = builder.start();
        // Workers read nothing from the job's stdin; an immediate EOF beats a hang.
        process.getOutputStream().close();
        Running running = new Running(spec.source(), process, ProcessTrees.groupsSupported(), clock.instant(),
                CompletableFuture.allOf(
                        pump(process.getInputStream(), spec.source(), LogStream.STDOUT),
                        pump(process.getErrorStream(), spec.source(), LogStream.STDERR)));
        started.add(running);
        // Once a group is found empty it is never signalled again: its id is free for the kernel
        // to hand to an unrelated process, which might lead a group of the same number.
        process.onExit().thenCombine(running.drained, (p, v) -> null).thenRunAsync(() -> {
            if (running.ownGroup && ProcessTrees.groupMembers(List.of(process.pid())).get(process.pid()).isEmpty()) {
                running.groupGone = true;
            }
        }, events);
        return running;
    }

    private CompletableFuture<Void> pump(InputStream in, LogSource source, LogStream stream) {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        LinePump pump = new LinePump(in, source, stream, sink, options.maxLineBytes(), clock);
        Thread thread = new Thread(() -> {
            try {
                pump.run();
                if (pump.failedLines() > 0) {
                    LOG.warn("{} {}: {} line(s) could not be forwarded (the log sink failed)", source,
                            stream.name().toLowerCase(), pump.failedLines());
                }
            } finally {
                drained.complete(null);
            }
        }, "tractorun-log-" + source.toString().replace(' ', '-') + "-" + stream.name().toLowerCase());
        thread.setDaemon(true);
        thread.start();
        return drained;
    }

    private void onWorkerExit(Running worker) {
        if (phase != Phase.RUNNING) {
            return;
        }
        int code = worker.process.exitValue();
        if (code != 0) {
            failBy(worker.source, code, worker.source + " exited with code " + code + ": stopping the node");
            return;
        }
        workersLeft--;
        if (workersLeft == 0) {
            beginStop(0, "all " + workerSpecs.size() + " worker(s) exited with code 0: stopping the sidecars");
        }
    }

    private void onSidecarExit(int index, Running sidecar) {
        if (phase != Phase.RUNNING) {
            return;
        }
        afterSidecarExit(index, sidecar.process.exitValue(), Duration.between(sidecar.startedAt, clock.instant()));
    }

    private void afterSidecarExit(int index, int code, Duration uptime) {
        SidecarSpec spec = sidecarSpecs.get(index);
        LogSource source = spec.process().source();
        switch (spec.restartPolicy()) {
            case ALWAYS -> scheduleRestart(index, code, uptime);
            case ON_FAILURE -> {
                if (code != 0) {
                    scheduleRestart(index, code, uptime);
                } else {
                    LOG.info("{} exited with code 0; not restarted (policy on_failure)", source);
                }
            }
            case NEVER -> LOG.info("{} exited with code {}; not restarted (policy never)", source, code);
            case FAIL -> {
                if (code != 0) {
                    failBy(source, code, source + " exited with code " + code + " (policy fail): stopping the node");
                } else {
                    LOG.info("{} exited with code 0; not restarted (policy fail)", source);
                }
            }
        }
    }

    private void scheduleRestart(int index, int code, Duration uptime) {
        Duration delay = options.restartBackoff().next(sidecarDelays[index], uptime);
        sidecarDelays[index] = delay;
        LOG.info("{} exited with code {}; restarting in {} ms (policy {})", sidecarSpecs.get(index).process().source(),
                code, delay.toMillis(), sidecarSpecs.get(index).restartPolicy().wireName());
        pendingRestarts.removeIf(ScheduledFuture::isDone);
        pendingRestarts.add(events.schedule(() -> startSidecar(index), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Stops the node because of {@code source}, which is then reported by {@link #failedProcess()}. */
    private void failBy(LogSource source, int code, String reason) {
        if (phase == Phase.RUNNING) {
            failedProcess = source;
        }
        beginStop(code, reason);
    }

    private void beginStop(int code, String reason) {
        if (phase != Phase.RUNNING) {
            return;
        }
        phase = Phase.STOPPING;
        decidedCode = code;
        if (code == 0) {
            LOG.info(reason);
        } else {
            LOG.warn(reason);
        }
        pendingRestarts.forEach(f -> f.cancel(false));
        List<ProcessHandle> signalled = signalAll(false);
        killTask = events.schedule(this::killSurvivors, options.gracePeriod().toMillis(), TimeUnit.MILLISECONDS);
        whenQuiet(signalled).thenRunAsync(this::finish, events);
    }

    private void killSurvivors() {
        if (phase != Phase.STOPPING) {
            return;
        }
        LOG.warn("processes still alive {} ms after SIGTERM: sending SIGKILL", options.gracePeriod().toMillis());
        List<ProcessHandle> killed = signalAll(true);
        whenQuiet(killed)
                .completeOnTimeout(null, AFTER_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenRunAsync(this::finish, events);
    }

    /** Signals every tree and group ever started (a group outlives its leader); returns who was signalled. */
    private List<ProcessHandle> signalAll(boolean forcibly) {
        List<Running> live = started.stream().filter(r -> r.process.isAlive() || r.groupMayLive()).toList();
        Map<Long, List<ProcessHandle>> groups = ProcessTrees.groupMembers(live.stream()
                .filter(Running::groupMayLive).map(r -> r.process.pid()).toList());
        Map<Long, ProcessHandle> signalled = new LinkedHashMap<>();
        List<Long> groupsToSignal = new ArrayList<>();
        for (Running running : live) {
            List<ProcessHandle> tree = ProcessTrees.snapshot(running.process.toHandle(),
                    groups.getOrDefault(running.process.pid(), List.of()));
            if (running.groupMayLive() && !tree.isEmpty()) {
                groupsToSignal.add(running.process.pid());
            }
            tree.forEach(p -> signalled.putIfAbsent(p.pid(), p));
        }
        List<ProcessHandle> all = List.copyOf(signalled.values());
        ProcessTrees.signal(groupsToSignal, all, forcibly);
        return all;
    }

    /**
     * Completes when every started process has exited and its output reached end of file (which
     * also means every descendant that inherited the output is gone), and then every other
     * signalled process is dead too.
     */
    private CompletableFuture<Void> whenQuiet(List<ProcessHandle> signalled) {
        List<CompletableFuture<?>> direct = new ArrayList<>();
        for (Running running : started) {
            direct.add(running.process.onExit());
            direct.add(running.drained);
        }
        return CompletableFuture.allOf(direct.toArray(CompletableFuture[]::new)).thenCompose(v ->
                CompletableFuture.allOf(signalled.stream()
                        .filter(p -> !ProcessTrees.isDead(p))
                        .map(ProcessHandle::onExit)
                        .toArray(CompletableFuture[]::new)));
    }

    private void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        if (killTask != null) {
            killTask.cancel(false);
        }
        // Late children (forked after the last snapshot) still belong to a group: kill them too.
        Map<Long, List<ProcessHandle>> rest = ProcessTrees.groupMembers(started.stream()
                .filter(Running::groupMayLive).map(r -> r.process.pid()).toList());
        rest.values().removeIf(List::isEmpty);
        if (!rest.isEmpty()) {
            ProcessTrees.signal(rest.keySet(), rest.values().stream().flatMap(List::stream).toList(), true);
        }
        LOG.info("node finished with exit code {}", decidedCode);
        exitCode.complete(decidedCode);
        events.shutdown();
    }

    /** One started process; {@code groupGone} is touched only on the event thread. */
    private static final class Running {
        final LogSource source;
        final Process process;
        final boolean ownGroup;
        final Instant startedAt;
        final CompletableFuture<Void> drained;
        boolean groupGone;

        Running(LogSource source, Process process, boolean ownGroup, Instant startedAt,
                CompletableFuture<Void> drained) {
            this.source = source;
            this.process = process;
            this.ownGroup = ownGroup;
            this.startedAt = startedAt;
            this.drained = drained;
        }

        /** Whether the group may still have members worth signalling. */
        boolean groupMayLive() {
            return ownGroup && !groupGone;
        }
    }
}
