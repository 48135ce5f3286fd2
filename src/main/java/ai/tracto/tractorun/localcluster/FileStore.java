package ai.tracto.tractorun.localcluster;

import java.nio.file.Path;

/** Lets the operation runner materialize Cypress files into job sandboxes. */
public interface FileStore {
    /**
     * Copies the committed content of the file at {@code cypressPath} (links resolved) to
     * {@code target}, timestamped with the time that content was stored (the same for every copy);
     * throws {@link ServerError} with code 500 when there is no such file.
     */
    void copyFileTo(String cypressPath, Path target);
}
