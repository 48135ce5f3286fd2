package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.log.TableLogSink;
import org.junit.jupiter.api.Test;

class TrainingDirectoryTest {
    private final TrainingDirectory directory = new TrainingDirectory("//home/me/run");

    @Test
    void incarnationsAreNamedWithFiveZeroPaddedDigits() {
        assertThat(TrainingDirectory.incarnationName(0)).isEqualTo("00000");
        assertThat(TrainingDirectory.incarnationName(42)).isEqualTo("00042");
        assertThat(TrainingDirectory.incarnationName(99999)).isEqualTo("99999");
        assertThat(TrainingDirectory.incarnationName(123456)).isEqualTo("123456");
    }

    @Test
    void negativeIncarnationsHaveNoName() {
        assertThatThrownBy(() -> TrainingDirectory.incarnationName(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incarnation id must not be negative, got -1");
    }

    @Test
    void pathsFollowTheSharedLayout() {
        assertThat(directory.incarnationIdAttribute()).isEqualTo("//home/me/run/@incarnation_id");
        assertThat(directory.primaryLock()).isEqualTo("//home/me/run/primary_lock");
        assertThat(directory.incarnations()).isEqualTo("//home/me/run/incarnations");
        assertThat(directory.incarnation(3)).isEqualTo("//home/me/run/incarnations/00003");
        assertThat(directory.incarnationAttribute(3, TrainingDirectory.PRIMARY_ENDPOINT))
                .isEqualTo("//home/me/run/incarnations/00003/@primary_endpoint");
        assertThat(directory.nodes(3)).isEqualTo("//home/me/run/incarnations/00003/nodes");
        assertThat(directory.node(3, 12)).isEqualTo("//home/me/run/incarnations/00003/nodes/12");
        assertThat(TableLogSink.tablePath(directory.ytPath(), 3, LogSource.worker(5)))
                .isEqualTo("//home/me/run/logs/3/workers/5");
    }

    @Test
    void aYtPathMustBeAnAbsoluteCypressPathWithoutTrailingSlash() {
        assertThatThrownBy(() -> new TrainingDirectory("home/run"))
                .hasMessage("yt_path must start with // and not end with /, got home/run");
        assertThatThrownBy(() -> new TrainingDirectory("//home/run/"))
                .hasMessage("yt_path must start with // and not end with /, got //home/run/");
    }
}
