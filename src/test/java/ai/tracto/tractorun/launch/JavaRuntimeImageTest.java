package ai.tracto.tractorun.launch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime a job gets when its image has no Java 17: built by jlink from this JDK, unpacked by
 * the prelude with nothing but tar and gzip on PATH, and able to start the bootstrap's JVM. The
 * archive is kept under {@code target/} so a build makes it once.
 */
class JavaRuntimeImageTest {
    private static final Path CACHE = Path.of("target", "test-launcher-cache").toAbsolutePath();

    @TempDir
    Path sandbox;
    @TempDir
    Path bin;

    @Test
    void theJlinkRuntimeIsBuiltOnceAndStartsTheBootstrapInAnImageWithoutJava() throws Exception {
        StringWriter err = new StringWriter();
        LaunchEnvironment environment = new LaunchEnvironment(Map.of(), sandbox, sandbox,
                new PrintWriter(new StringWriter()), new PrintWriter(err, true), false);
        Optional<Path> archive = JavaRuntimeImage.obtain(CACHE, environment);
        Assumptions.assumeTrue(archive.isPresent(), "this JDK cannot build a Linux runtime with jlink (no jmods)");
        assertThat(JavaRuntimeImage.obtain(CACHE, environment)).isEqualTo(archive);
        assertThat(archive.get()).hasFileName(JavaRuntimeImage.key() + ".tar.gz");
        assertThat(err.toString().lines().filter(line -> line.contains("jlink")).count()).isLessThanOrEqualTo(1);

        Files.copy(archive.get(), sandbox.resolve(JavaRuntimeImage.SANDBOX_NAME));
        for (String tool : List.of("tar", "gzip", "mkdir")) {
            Path real = Path.of("/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/usr/bin", tool));
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c",
                JobCommand.render(List.of("missing.jar"), Optional.of(JavaRuntimeImage.SANDBOX_NAME)))
                .directory(sandbox.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // The shipped JVM started and looked for the bootstrap on the (here empty) classpath.
        assertThat(output).contains("Could not find or load main class ai.tracto.tractorun.job.BootstrapMain");
        assertThat(sandbox.resolve(".tractorun/java-runtime/bin/java")).isExecutable();
    }
}
