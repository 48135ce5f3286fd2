package ai.tracto.tractorun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example, {@code examples/java}, compiled from its sources and started as its
 * own JVM the way {@code examples/java/run} starts it: a 2x2 gang on the embedded cluster.
 */
class JavaExampleTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Shared with the other end-to-end tests: the job's Java runtime is built there once. */
    private static final Path LAUNCHER_CACHE = Path.of("target", "test-launcher-cache").toAbsolutePath();
    private static final Path SOURCES = Path.of("examples", "java", "src").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theShardedSumExampleReducesEveryRanksShardToTheExpectedTotalOnTwoByTwo() throws Exception {
        Path classes = compileExample();
        String ytPath = "//tmp/examples/sharded-sum-test";

        Process process = startExample(classes, "1000", ytPath);
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the example ended; output:\n%s", output).isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("wrote 1000 rows to " + ytPath + "/sharded_sum/input_1000\n")
                .contains("rank 0 read rows [#0:#250]: 250 rows, partial sum 5177125\n")
                .contains("rank 1 read rows [#250:#500]: 250 rows, partial sum 36364625\n")
                .contains("rank 2 read rows [#500:#750]: 250 rows, partial sum 98802125\n")
                .contains("rank 3 read rows [#750:#1000]: 250 rows, partial sum 192489625\n")
                .contains("sum of squares of 0..999 over 4 ranks: 332833500 (expected 332833500)\n")
                .containsPattern("sharded-sum: operation \\S+ completed, incarnation 0 of " + ytPath + "\n");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(dir.resolve("cluster"), 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            assertThat(yt.get(ytPath + "/sharded_sum/result"))
                    .isEqualTo(MAPPER.readTree("{\"rows\": 1000, \"ranks\": 4, \"sum_of_squares\": 332833500}"));
            assertThat(yt.list(ytPath + "/sharded_sum/partials/0")).containsExactlyInAnyOrder("0", "1", "2", "3");
        }
    }

    private Path compileExample() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), "-encoding", "UTF-8"));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(f -> arguments.add(f.toString()));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int code = compiler.run(null, null, null, arguments.toArray(String[]::new));
        assertThat(code).as("javac of examples/java exits 0").isZero();
        return classes;
    }

    private Process startExample(Path classes, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + classes,
                "example.ShardedSum"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put(LaunchEnvironment.LOCAL_ROOT_VARIABLE, dir.resolve("cluster").toString());
        env.put(LaunchEnvironment.CACHE_DIR_VARIABLE, LAUNCHER_CACHE.toString());
        env.remove("YT_PROXY");
        env.remove("YT_TOKEN");
        return builder.start();
    }
}
