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

        wakeUp.call();
        waiter.join(TEST_LIMIT.toMillis());

        assertThat(waiter.isAlive()).isFalse();
    }

    @Test
    void eachCallEndsOneWaitOnly() throws InterruptedException {
        WakeUp wakeUp = new WakeUp();
        wakeUp.call();
        wakeUp.await(LONG);
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

        // The first call was taken by the first wait: the second waiter still waits until called.
        assertThat(waiter.isAlive()).isTrue();
        wakeUp.call();
        waiter.join(TEST_LIMIT.toMillis());
        assertThat(waiter.isAlive()).isFalse();
    }
}
