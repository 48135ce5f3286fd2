package ai.tracto.tractorun.yt;

/** Options of {@code copy} and {@code move}. */
public record CopyOptions(boolean recursive, boolean force) {
    public static CopyOptions defaults() {
        return new CopyOptions(false, false);
    }
}
