package ai.tracto.tractorun.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WakeUpTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration TEST_LIMIT = Duration.ofSeconds(60);

    @Test
    void aCallMadeBeforeTheWaitIsKeptForIt() {
        WakeUp wakeUp = new WakeUp();
        wakeUp.call();

        assertTimeoutPreemptively(TEST_LIMIT, () -> wakeUp.await(LONG));
    }

    @Test
    void aCallWakesAThreadThatIsAlreadyWaiting() throws InterruptedException {
        WakeUp wakeUp = new WakeUp();
        Thread waiter = waitingThread(wakeUp);

        wakeUp.call();
        waiter.join(TEST_LIMIT.toMillis());

        assertThat(waiter.isAlive()).isFalse();
    }

    @Test
    void eachCallEndsOneWaitOnly() throws InterruptedException {
        WakeUp wakeUp = new WakeUp();
        wakeUp.call();
        wakeUp.await(LONG);
        Thread waiter = waitingThread(wakeUp);

        // The first call was taken by the first wait: the second waiter still waits until called.
        assertThat(waiter.isAlive()).isTrue();
        wakeUp.call();
        waiter.join(TEST_LIMIT.toMillis());
        assertThat(waiter.isAlive()).isFalse();
    }

    /** A thread that waits (up to an hour) on {@code wakeUp}, once it waits or has ended. */
    private static Thread waitingThread(WakeUp wakeUp) {
        Thread waiter = new Thread(() -> {
            try {
                wakeUp.await(LONG);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        while (waiter.isAlive() && waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        return waiter;
    }
}
