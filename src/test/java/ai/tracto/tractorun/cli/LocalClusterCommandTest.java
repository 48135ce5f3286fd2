package ai.tracto.tractorun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalClusterCommandTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new LocalClusterCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void aBusyRootIsReportedWithTheRunningServersAddress() {
        try (LocalCluster running = LocalCluster.start(new LocalClusterOptions(root, 0))) {
            assertThat(run("--root", root.toString())).isEqualTo(1);
            assertThat(err.toString()).contains(running.proxyUrl().toString());
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertThat(run("--root", root.toString(), "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be in 0..65535, got 70000");
    }

    @Test
    void helpDescribesTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--port").contains("--root");
    }
}
