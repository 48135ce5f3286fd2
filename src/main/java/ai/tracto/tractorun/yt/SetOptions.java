package ai.tracto.tractorun.yt;

/** Options of {@code set}: create missing parents, replace a node of another type. */
public record SetOptions(boolean recursive, boolean force) {
    public static SetOptions defaults() {
        return new SetOptions(false, false);
    }
}
