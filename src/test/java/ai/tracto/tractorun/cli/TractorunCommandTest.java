package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.launch.RunExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TractorunCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(RunExecutor executor, String... args) {
        TractorunCommand command = new TractorunCommand(Map.of(), dir, () -> CliHarness.FIXED_ID, executor);
        return TractorunCommand.commandLine(command, new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    @Test
    void aValidRunIsHandedToTheExecutorWhoseCodeIsTheExitCode() {
        RunConfig[] seen = new RunConfig[1];

        int code = run(config -> {
            seen[0] = config;
            return 7;
        }, "--local", "--mesh.node-count", "2", "python3", "main.py", "--lr", "0.1");

        assertThat(code).isEqualTo(7);
        assertThat(seen[0].command()).isEqualTo(List.of("python3", "main.py", "--lr", "0.1"));
        assertThat(seen[0].mesh().nodeCount()).isEqualTo(2);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aConfigurationErrorWhileLaunchingExitsWithTwoAndOneLine() {
        int code = run(config -> {
            throw new TractorunConfigException("--docker-auth-secret.cypress-path", "//s", "a readable document");
        }, "--local", "x");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tractorun: --docker-auth-secret.cypress-path: invalid value '//s',"
                + " expected a readable document\n");
    }

    @Test
    void anUnexpectedFailureExitsWithOneAndOneLineWithoutAStackTrace() {
        int code = run(config -> {
            throw new IllegalStateException("cluster went away\nsecond line");
        }, "--local", "x");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tractorun: IllegalStateException: cluster went away second line\n");
    }

    @Test
    void anInterruptedRunExitsWith130() {
        int code = run(config -> {
            throw new InterruptedException();
        }, "--local", "x");

        assertThat(code).isEqualTo(130);
        assertThat(err.toString()).isEqualTo("tractorun: interrupted\n");
    }

    @Test
    void versionAndHelpPrintToStdoutAndExitZero() {
        assertThat(run(config -> 1, "--version")).isZero();
        assertThat(out.toString()).startsWith("tractorun ");
        assertThat(run(config -> 1, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: tractorun").contains("--mesh.node-count");
        assertThat(err.toString()).isEmpty();
    }
}
