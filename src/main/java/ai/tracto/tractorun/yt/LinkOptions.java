package ai.tracto.tractorun.yt;

/** Options of {@code link}. */
public record LinkOptions(boolean recursive, boolean ignoreExisting, boolean force) {
    public static LinkOptions defaults() {
        return new LinkOptions(false, false, false);
    }
}
