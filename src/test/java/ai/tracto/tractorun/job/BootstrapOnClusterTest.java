package ai.tracto.tractorun.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import ai.tracto.tractorun.yt.CreateOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BootstrapMain} as the job command of real vanilla operations on the embedded cluster. */
@Timeout(120)
class BootstrapOnClusterTest {
    private static final String PRINT_ENV = "echo \"env RANK=$RANK LOCAL_RANK=$LOCAL_RANK NODE_RANK=$NODE_RANK"
            + " WORLD_SIZE=$WORLD_SIZE LOCAL_WORLD_SIZE=$LOCAL_WORLD_SIZE MASTER=$MASTER_ADDR:$MASTER_PORT\"";
    private static final Pattern ENV_LINE = Pattern.compile("^\\[rank (\\d+)] env RANK=(\\d+) LOCAL_RANK=(\\d+)"
            + " NODE_RANK=(\\d+) WORLD_SIZE=(\\d+) LOCAL_WORLD_SIZE=(\\d+) MASTER=(\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path root;
    @TempDir
    Path scratch;
    private BootstrapCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = BootstrapCluster.start(root);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,4", "3,2"})
    void everyWorkerOfTheMeshGetsItsRankAndTheOnePrimaryEndpoint(int nodes, int perNode) {
        String operation = cluster.startOperation(BootstrapCluster.config("//train/mesh", nodes, perNode, PRINT_ENV),
                Map.of());
        assertThat(cluster.awaitFinished(operation)).isEqualTo("completed");

        Map<Integer, String> stderr = cluster.stderrByNode(operation);
        assertThat(stderr.keySet()).hasSize(nodes);
        String primary = cluster.client().get("//train/mesh/incarnations/00000/@primary_endpoint").asText();
        Set<Integer> ranks = new HashSet<>();
        for (Map.Entry<Integer, String> job : stderr.entrySet()) {
            int node = job.getKey();
            Matcher line = ENV_LINE.matcher(job.getValue());
            List<Integer> localRanks = new ArrayList<>();
            while (line.find()) {
                int rank = Integer.parseInt(line.group(1));
                int localRank = Integer.parseInt(line.group(3));
                assertThat(line.group(2)).isEqualTo(line.group(1));
                assertThat(rank).isEqualTo(node * perNode + localRank);
                assertThat(Integer.parseInt(line.group(4))).isEqualTo(node);
                assertThat(Integer.parseInt(line.group(5))).isEqualTo(nodes * perNode);
                assertThat(Integer.parseInt(line.group(6))).isEqualTo(perNode);
                assertThat(line.group(7)).isEqualTo(primary);
                ranks.add(rank);
                localRanks.add(localRank);
            }
            assertThat(localRanks).as("local ranks of node %d", node).hasSize(perNode).doesNotHaveDuplicates();
            assertThat(JobFailure.findLast(job.getValue())).isEmpty();
        }
        assertThat(ranks).hasSize(nodes * perNode);
        assertThat(primary).startsWith("127.0.0.1:");
    }
}
