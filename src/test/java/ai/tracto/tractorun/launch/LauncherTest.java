package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.TractorunConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LauncherTest {
    @TempDir
    Path root;

    private Launcher launcher() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new Launcher(new LaunchEnvironment(Map.of(LaunchEnvironment.LOCAL_ROOT_VARIABLE, root.toString()),
                root, root, sink, sink, false));
    }

    @Test
    @Timeout(30)
    void abortingAnIdleLauncherReturnsAtOnce() throws Exception {
        Launcher launcher = launcher();

        launcher.abort(Duration.ofHours(1));

        assertThat(launcher.isAborted()).isTrue();
    }

    @Test
    void anAbsoluteCypressBindDestinationIsRefusedLocallyBeforeAnyClusterStarts() {
        RunConfig config = RunConfig.builder().local(true).command("true")
                .addBindCypress(new ai.tracto.tractorun.BindCypress("//tmp/x", "/etc/x")).build();

        assertThatThrownBy(() -> launcher().run(config))
                .isInstanceOf(TractorunConfigException.class)
                .hasMessageStartingWith("bind_cypress.destination: invalid value '/etc/x', expected a relative"
                        + " destination with --local");
        assertThat(root.resolve("server.json")).doesNotExist();
    }

    @Test
    void extraFilesMustBeOneSandboxNameEach() {
        assertThatThrownBy(() -> LaunchExtras.none().withFile("dir/file", root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extra file name must be one path segment, got 'dir/file'");
    }
}
