package ai.tracto.tractorun.job;

import java.util.List;

/** Not every node of the gang arrived at the rendezvous barrier in time. */
public final class BarrierTimeoutException extends BootstrapException {
    private final List<Integer> missingNodes;

    public BarrierTimeoutException(String message, List<Integer> missingNodes) {
        super(message);
        this.missingNodes = List.copyOf(missingNodes);
    }

    /** The indices of the nodes that never registered, ascending. */
    public List<Integer> missingNodes() {
        return missingNodes;
    }
}
