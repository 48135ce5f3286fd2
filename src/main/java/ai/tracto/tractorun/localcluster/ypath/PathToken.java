package ai.tracto.tractorun.localcluster.ypath;

/**
 * One step of a YPath: a child key (or list index) or an attribute. An attribute token with an
 * empty name addresses the whole attribute map ({@code //a/@}). {@code noFollow} is the {@code &}
 * suffix: a link at this step is addressed itself instead of its target.
 */
public record PathToken(boolean attribute, String name, boolean noFollow) {
    public static PathToken key(String name) {
        return new PathToken(false, name, false);
    }
}
