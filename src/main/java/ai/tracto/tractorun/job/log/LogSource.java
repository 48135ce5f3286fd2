package ai.tracto.tractorun.job.log;

/** Who wrote a line: the worker with a global rank, or a sidecar with its index on the node. */
public record LogSource(Kind kind, int index) {
    public enum Kind { WORKER, SIDECAR }

    public LogSource {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (index < 0) {
            throw new IllegalArgumentException("log source index must not be negative, got " + index);
        }
    }

    public static LogSource worker(int rank) {
        return new LogSource(Kind.WORKER, rank);
    }

    public static LogSource sidecar(int index) {
        return new LogSource(Kind.SIDECAR, index);
    }

    /** {@code [rank 3] } or {@code [sidecar 0] }, with the trailing space. */
    public String prefix() {
        return kind == Kind.WORKER ? "[rank " + index + "] " : "[sidecar " + index + "] ";
    }

    @Override
    public String toString() {
        return kind == Kind.WORKER ? "rank " + index : "sidecar " + index;
    }
}
