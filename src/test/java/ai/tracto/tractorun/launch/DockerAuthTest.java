package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.DockerAuthSecret;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"username\": \"u\", \"password\": \"p\"}                                    | {\"username\":\"u\",\"password\":\"p\"}",
            "{\"username\": \"u\", \"password\": \"p\", \"auth\": \"a\"}                   | {\"username\":\"u\",\"password\":\"p\"}",
            "{\"auth\": \"dTpw\"}                                                          | {\"auth\":\"dTpw\"}",
            "{\"secrets\": {\"username\": \"u\", \"password\": \"p\"}}                     | {\"username\":\"u\",\"password\":\"p\"}",
            "{\"secrets\": {\"username\": {\"value\": \"u\"}, \"password\": {\"value\": \"p\"}}} | {\"username\":\"u\",\"password\":\"p\"}",
    })
    void everyStoredShapeBecomesTheVaultsDockerAuth(String document, String expected) throws Exception {
        assertThat(DockerAuth.parse(JSON.readTree(document))).contains(JSON.readTree(expected).deepCopy());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"user\": \"u\", \"pass\": \"p\"}",
            "{\"username\": \"u\"}",
            "{\"secrets\": \"s3cr3t\"}",
            "\"s3cr3t\"",
    })
    void otherShapesAreRejected(String document) throws Exception {
        assertThat(DockerAuth.parse(JSON.readTree(document))).isEmpty();
    }

    @Test
    void aWrongShapeIsAConfigurationErrorShowingTheExpectedShapesAndNoSecret(@TempDir Path root) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
             YtClient yt = YtClient.builder().proxy(cluster.proxyUrl().toString()).build()) {
            yt.create("document", "//tmp/secret", CreateOptions.builder().recursive(true).build());
            yt.set("//tmp/secret", JSON.readTree("{\"login\": \"hunter\", \"token\": \"s3cr3t-value\"}"));

            assertThatThrownBy(() -> DockerAuth.read(yt, new DockerAuthSecret("//tmp/secret")))
                    .isInstanceOf(TractorunConfigException.class)
                    .hasMessage("docker_auth_secret.cypress_path: //tmp/secret: expected " + DockerAuth.EXPECTED
                            + "; found a map with 2 keys in another shape")
                    .message().doesNotContain("s3cr3t").doesNotContain("hunter");
            assertThatThrownBy(() -> DockerAuth.read(yt, new DockerAuthSecret("//tmp/missing")))
                    .isInstanceOf(TractorunConfigException.class)
                    .hasMessage("docker_auth_secret.cypress_path: //tmp/missing: no such node");
        }
    }
}
