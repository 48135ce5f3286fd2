package ai.tracto.tractorun.localcluster;

import java.nio.file.Path;

/** Reads Cypress files for the scheduler, which copies them into job sandboxes. */
public interface FileStore {
    /** Copies the file at {@code cypressPath} (links resolved) to {@code target}; ServerError code 500 when missing. */
    void copyFileTo(String cypressPath, Path target);
}
