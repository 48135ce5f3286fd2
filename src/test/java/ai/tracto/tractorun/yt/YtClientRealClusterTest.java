package ai.tracto.tractorun.yt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The integration scenarios against a real cluster, opt-in: they run only when {@code YT_PROXY}
 * is set (with the token from {@code YT_TOKEN}, {@code ~/.yt/token} or {@code ~/.yt/config}, as
 * for any client), for example {@code YT_PROXY=cluster.example.com mvn test -Dtest=YtClientRealClusterTest}.
 * Each test works under a fresh {@code //tmp/tractorun-it-<uuid>} that is removed afterwards.
 */
class YtClientRealClusterTest extends YtClientIntegrationScenarios {
    private YtClient client;
    private String root;

    @BeforeEach
    void connect() {
        String proxy = System.getenv("YT_PROXY");
        assumeTrue(proxy != null && !proxy.isBlank(),
                "real-cluster scenarios are opt-in: set YT_PROXY (and a token) to run them");
        client = YtClient.fromEnvironment();
        root = "//tmp/tractorun-it-" + UUID.randomUUID();
        client.create("map_node", root, CreateOptions.builder().recursive(true).build());
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            try {
                client.remove(root, new RemoveOptions(true, true));
            } finally {
                client.close();
            }
        }
    }

    @Override
    protected YtClient client() {
        return client;
    }

    @Override
    protected String root() {
        return root;
    }
}
