package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonToolboxTest {
    @TempDir
    Path jobDir;

    @Test
    void theModuleIsExtractedUnderTheJobsTractorunDirectory() throws Exception {
        Path directory = PythonToolbox.extract(jobDir);
        assertThat(directory).isEqualTo(jobDir.resolve(".tractorun/python"));
        assertThat(Files.readString(directory.resolve("tractorun_toolbox.py")))
                .contains("def prepare_and_get_toolbox");
    }

    @Test
    void extractingTwiceReplacesTheModule() throws Exception {
        Path directory = PythonToolbox.extract(jobDir);
        Files.writeString(directory.resolve("tractorun_toolbox.py"), "stale");
        PythonToolbox.extract(jobDir);
        assertThat(Files.readString(directory.resolve("tractorun_toolbox.py"))).isNotEqualTo("stale");
    }
}
