package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BarrierPaceTest {
    private static final long MS = 1_000_000L;

    @Test
    void theFirstPollWaitsTheFloor() {
        BarrierPace pace = new BarrierPace(100, Duration.ofMillis(20), Duration.ofSeconds(1));
        assertThat(pace.next(10, 0)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void whileNodesArriveTheNextPollIsWhenTheLastIsForecastToArrive() {
        BarrierPace pace = new BarrierPace(100, Duration.ofMillis(20), Duration.ofSeconds(1));
        pace.next(10, 0);
        // 20 nodes in 100 ms: 5 ms a node, 70 nodes to go.
        assertThat(pace.next(30, 100 * MS)).isEqualTo(Duration.ofMillis(350));
        // 80 nodes in 450 ms, 10 to go at 5.625 ms a node.
        assertThat(pace.next(90, 450 * MS)).isEqualTo(Duration.ofNanos(56_250_000));
    }

    @Test
    void aForecastIsKeptBetweenTheFloorAndTheMaximum() {
        BarrierPace pace = new BarrierPace(1000, Duration.ofMillis(20), Duration.ofSeconds(1));
        pace.next(0, 0);
        assertThat(pace.next(1, 100 * MS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pace.next(999, 200 * MS)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void whileTheCountStandsStillThePauseIsHalfTheTimeSinceTheLastArrivalUpToTheMaximum() {
        BarrierPace pace = new BarrierPace(4, Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(pace.next(3, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(pace.next(3, 100 * MS)).isEqualTo(Duration.ofMillis(100));
        assertThat(pace.next(3, 400 * MS)).isEqualTo(Duration.ofMillis(200));
        assertThat(pace.next(3, 600 * MS)).isEqualTo(Duration.ofMillis(300));
        assertThat(pace.next(3, 5000 * MS)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aStallIsCountedFromTheLastArrival() {
        BarrierPace pace = new BarrierPace(4, Duration.ofMillis(100), Duration.ofMillis(500));
        pace.next(1, 0);
        assertThat(pace.next(1, 600 * MS)).isEqualTo(Duration.ofMillis(300));
        // One arrival in 1 s, two to go: the forecast of 2 s is held to the maximum.
        assertThat(pace.next(2, 1000 * MS)).isEqualTo(Duration.ofMillis(500));
        assertThat(pace.next(2, 1100 * MS)).isEqualTo(Duration.ofMillis(100));
        assertThat(pace.next(2, 1600 * MS)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void thePausesMustBeOrderedAndPositive() {
        assertThatThrownBy(() -> new BarrierPace(4, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("poll pauses must satisfy 0 < floor <= max, got PT0S and PT1S");
    }

    @Test
    void aGangNeedsAtLeastOneNode() {
        assertThatThrownBy(() -> new BarrierPace(0, Duration.ofMillis(20), Duration.ofSeconds(1)))
                .hasMessage("node count must be at least 1, got 0");
    }
}
