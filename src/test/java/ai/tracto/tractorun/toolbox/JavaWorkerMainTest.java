package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaWorkerMainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void withoutExactlyOneArgumentItPrintsUsageAndExits2() {
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).isEqualTo("usage: JavaWorkerMain <serialized train function file>\n");
    }

    @Test
    void missingFunctionFileExits2NamingIt() {
        assertThat(run(dir.resolve("nope.bin").toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("train function file " + dir.resolve("nope.bin") + " does not exist\n");
    }

    @Test
    void fileThatIsNotAFunctionExits2() throws Exception {
        Path file = Files.write(dir.resolve("garbage.bin"), new byte[] {1, 2, 3});

        assertThat(run(file.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("cannot load the train function: cannot read the train function from " + file);
    }

    @Test
    void outsideATractorunWorkerItExits1SayingTheToolboxIsMissing() throws Exception {
        Path file = dir.resolve("function.bin");
        FunctionPackager.write(toolbox -> { }, file);

        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(stderr()).isEqualTo("cannot prepare the toolbox: TRACTORUN_CONTEXT is not set: the toolbox is only"
                + " available in a worker started by tractorun\n");
    }

    private int run(String... args) {
        return JavaWorkerMain.run(args, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
