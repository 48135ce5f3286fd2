package ai.tracto.tractorun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void theVersionIsTheProjectsVersionInThePom() throws IOException {
        Properties project = new Properties();
        try (InputStream in = VersionTest.class.getResourceAsStream("project.properties")) {
            assertThat(in).as("project.properties, filtered by Maven from the POM").isNotNull();
            project.load(in);
        }
        assertThat(project.getProperty("version")).doesNotContain("${").isNotBlank();
        assertThat(Version.current()).isEqualTo(project.getProperty("version"));
    }
}
