package ai.tracto.tractorun.localcluster.cypress;

import java.util.List;
import java.util.Optional;

/** The transaction a command runs in and the transactions that must be alive for it to run. */
public record TxContext(Optional<String> transactionId, List<String> prerequisiteTransactionIds) {
    public static final TxContext NONE = new TxContext(Optional.empty(), List.of());

    public TxContext {
        prerequisiteTransactionIds = List.copyOf(prerequisiteTransactionIds);
    }
}
