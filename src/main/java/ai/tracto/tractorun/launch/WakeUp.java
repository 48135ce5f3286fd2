package ai.tracto.tractorun.launch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A wake-up call for a thread that waits with a timeout: a call made while nobody waits is kept
 * for the next wait, so none is lost between two waits.
 */
final class WakeUp {
    private boolean called;

    /** Wakes the waiting thread, or the next one to wait. */
    synchronized void call() {
        called = true;
        notifyAll();
    }

    /** Waits until called or until {@code timeout} has passed, whichever is first; takes the call. */
    synchronized void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!called) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        called = false;
    }
}
