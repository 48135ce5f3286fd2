package ai.tracto.tractorun.localcluster.cypress;

import java.util.Optional;

/**
 * What never changes about a Cypress node: its id, type, place in the tree and creation time.
 * A node is moved by copying, so parent and key stay fixed. {@code createdIn} names the
 * transaction whose commit makes the node visible to everyone (empty once committed).
 */
final class Node {
    final String id;
    final NodeType type;
    final Optional<String> parentId;
    final String key;
    final long creationTime;
    Optional<String> createdIn;

    Node(String id, NodeType type, Optional<String> parentId, String key, long creationTime, Optional<String> createdIn) {
        this.id = id;
        this.type = type;
        this.parentId = parentId;
        this.key = key;
        this.creationTime = creationTime;
        this.createdIn = createdIn;
    }
}
