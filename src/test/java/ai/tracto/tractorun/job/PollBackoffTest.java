package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollBackoffTest {
    @Test
    void pausesDoubleFromTwentyMillisecondsUpToOneSecond() {
        PollBackoff backoff = new PollBackoff(Duration.ofMillis(20), Duration.ofSeconds(1));
        long[] pauses = new long[9];
        for (int i = 0; i < pauses.length; i++) {
            pauses[i] = backoff.next().toMillis();
        }
        assertThat(pauses).containsExactly(20, 40, 80, 160, 320, 640, 1000, 1000, 1000);
    }

    @Test
    void theBoundsMustBeOrderedAndPositive() {
        assertThatThrownBy(() -> new PollBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("poll pauses must satisfy 0 < initial <= max, got PT0S and PT1S");
        assertThatThrownBy(() -> new PollBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("poll pauses must satisfy 0 < initial <= max, got PT2S and PT1S");
    }
}
