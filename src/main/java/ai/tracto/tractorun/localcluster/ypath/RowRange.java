package ai.tracto.tractorun.localcluster.ypath;

import java.util.OptionalLong;

/** A row index range {@code [#lower:#upper]}: lower inclusive, upper exclusive. */
public record RowRange(OptionalLong lower, OptionalLong upper) {
    public long lowerOr(long fallback) {
        return lower.orElse(fallback);
    }

    public long upperOr(long fallback) {
        return upper.orElse(fallback);
    }
}
