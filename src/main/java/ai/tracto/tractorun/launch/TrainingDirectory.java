package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
        // The children are independent of each other: their requests go out together.
        ExecutorService senders = Executors.newFixedThreadPool(CHILDREN.length, task -> {
            Thread thread = new Thread(task, "tractorun-training-directory");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> children = Arrays.stream(CHILDREN)
                    .map(child -> CompletableFuture.runAsync(() -> client.create("map_node", ytPath + "/" + child,
                            CreateOptions.builder().recursive(true).ignoreExisting(true).build()), senders))
                    .toList();
            children.forEach(TrainingDirectory::await);
        } finally {
            senders.shutdown();
        }
    }

    private static void await(CompletableFuture<Void> child) {
        try {
            child.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
