package ai.tracto.tractorun.localcluster.cypress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A live Cypress transaction: its overlay layer, the nodes it created, its locks and children. */
final class Transaction {
    final String id;
    final Optional<Transaction> parent;
    final long timeoutMillis;
    final long startTime;
    final ObjectNode attributes;
    final List<String> prerequisiteIds;
    final Map<String, NodeDelta> layer = new HashMap<>();
    final Set<String> createdNodes = new LinkedHashSet<>();
    final List<Lock> locks = new ArrayList<>();
    final Set<Transaction> children = new LinkedHashSet<>();
    long lastPing;

    Transaction(String id, Optional<Transaction> parent, long timeoutMillis, long now, ObjectNode attributes,
                List<String> prerequisiteIds) {
        this.id = id;
        this.parent = parent;
        this.timeoutMillis = timeoutMillis;
        this.startTime = now;
        this.lastPing = now;
        this.attributes = attributes;
        this.prerequisiteIds = List.copyOf(prerequisiteIds);
    }

    boolean isSelfOrAncestorOf(Transaction other) {
        for (Optional<Transaction> t = Optional.of(other); t.isPresent(); t = t.get().parent) {
            if (t.get() == this) {
                return true;
            }
        }
        return false;
    }

    boolean expired(long now) {
        return now - lastPing > timeoutMillis;
    }
}
