package ai.tracto.tractorun.launch;

import java.nio.file.Path;
import java.util.Objects;

/** A local file and the name it gets in every job's sandbox. */
record ShippedFile(Path local, String sandboxName) {
    ShippedFile {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(sandboxName, "sandboxName");
    }
}
