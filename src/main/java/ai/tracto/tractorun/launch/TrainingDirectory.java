package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Creates the training directory in the layout shared with the Python tractorun: the map node with
 * {@code @incarnation_id = -1} when new, and its {@code incarnations}, {@code checkpoints},
 * {@code models} and {@code logs} children. An existing directory keeps its incarnation and checkpoints.
 */
final class TrainingDirectory {
    static final String[] CHILDREN = {"incarnations", "checkpoints", "models", "logs"};

    private TrainingDirectory() {}

    static void prepare(YtClient client, String ytPath) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode().put("incarnation_id", -1);
        try {
            client.create("map_node", ytPath, CreateOptions.builder().recursive(true).attributes(attributes).build());
        } catch (YtException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        for (String child : CHILDREN) {
            client.create("map_node", ytPath + "/" + child,
                    CreateOptions.builder().recursive(true).ignoreExisting(true).build());
        }
    }
}
