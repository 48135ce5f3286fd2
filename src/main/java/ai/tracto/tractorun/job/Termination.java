package ai.tracto.tractorun.job;

import ai.tracto.tractorun.job.supervise.Supervisor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * SIGTERM to the bootstrap (the cluster aborting the job) as a JVM shutdown hook. Before the
 * supervisor runs, the hook interrupts the bootstrap's main thread (a rendezvous wait ends and
 * aborts its transaction); once it runs, the hook stops every process tree through
 * {@link Supervisor#terminate()}. Either way the hook then lets the main thread report and clean
 * up (failure line, incarnation transaction, log tables) before the JVM halts.
 */
final class Termination {
    private final Thread mainThread;
    private final Duration cleanupWait;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;
    private Supervisor supervisor;
    private boolean requested;

    private Termination(Thread mainThread, Duration cleanupWait) {
        this.mainThread = mainThread;
        this.cleanupWait = cleanupWait;
        this.hook = new Thread(this::onSigterm, "tractorun-sigterm");
    }

    /** Installs the hook for the calling (main) thread. */
    static Termination install(Duration cleanupWait) {
        Termination termination = new Termination(Thread.currentThread(), cleanupWait);
        Runtime.getRuntime().addShutdownHook(termination.hook);
        return termination;
    }

    /** Starts the supervisor unless termination was already requested; then empty, nothing starts. */
    synchronized Optional<Supervisor> startSupervisor(Supplier<Supervisor> start) {
        if (requested) {
            return Optional.empty();
        }
        supervisor = start.get();
        return Optional.of(supervisor);
    }

    synchronized boolean requested() {
        return requested;
    }

    /** The main thread is done reporting and cleaning up: the hook may let the JVM halt. */
    void cleanedUp() {
        cleanedUp.countDown();
    }

    /** For an exit that is not caused by SIGTERM: the hook must not run against a finished node. */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown already in progress: the hook is running or ran; nothing to remove.
        }
    }

    private void onSigterm() {
        Supervisor running;
        synchronized (this) {
            requested = true;
            running = supervisor;
        }
        if (running != null) {
            running.terminate();
        } else {
            mainThread.interrupt();
        }
        try {
            cleanedUp.await(cleanupWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
