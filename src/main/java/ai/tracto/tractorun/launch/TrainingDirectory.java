package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Creates the training directory in the layout shared with the Python tractorun: the map node with
 * {@code @incarnation_id = -1} when new, and its {@code primary_lock}, {@code incarnations},
 * {@code checkpoints}, {@code models} and {@code logs} children. An existing directory keeps its
 * incarnation and checkpoints.
 */
public final class TrainingDirectory {
    static final String[] CHILDREN = {ai.tracto.tractorun.job.TrainingDirectory.PRIMARY_LOCK,
            ai.tracto.tractorun.job.TrainingDirectory.INCARNATIONS, "checkpoints", "models", "logs"};

    private TrainingDirectory() {}

    public static void prepare(YtClient client, String ytPath) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put(ai.tracto.tractorun.job.TrainingDirectory.INCARNATION_ID, -1);
        client.create("map_node", ytPath, CreateOptions.builder().recursive(true).ignoreExisting(true)
                .attributes(attributes).build());
        for (String child : CHILDREN) {
            client.create("map_node", ytPath + "/" + child,
                    CreateOptions.builder().recursive(true).ignoreExisting(true).build());
        }
    }
}
