package ai.tracto.tractorun.job.bind;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a bind archive holds one file or a directory's content. Kept in the zip comment, so
 * the unpacker knows whether the destination names the file itself or a directory to fill.
 */
enum BindKind {
    FILE("tractorun-bind:file"),
    DIRECTORY("tractorun-bind:directory");

    private final String comment;

    BindKind(String comment) {
        this.comment = comment;
    }

    String comment() {
        return comment;
    }

    static Optional<BindKind> fromComment(String comment) {
        return Arrays.stream(values()).filter(k -> k.comment.equals(comment)).findFirst();
    }
}
