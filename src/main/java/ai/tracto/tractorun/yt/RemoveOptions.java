package ai.tracto.tractorun.yt;

/** Options of {@code remove}: remove a non-empty subtree, succeed when the node is missing. */
public record RemoveOptions(boolean recursive, boolean force) {
    public static RemoveOptions defaults() {
        return new RemoveOptions(false, false);
    }
}
