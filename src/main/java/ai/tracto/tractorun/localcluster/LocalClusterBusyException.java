package ai.tracto.tractorun.localcluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Another embedded cluster already serves this root directory. */
public final class LocalClusterBusyException extends RuntimeException {
    private final Path root;
    private final Optional<URI> runningProxyUrl;

    public LocalClusterBusyException(Path root, Optional<URI> runningProxyUrl) {
        super("The local cluster root " + root + " is in use by another server"
                + runningProxyUrl.map(u -> " at " + u + "; point your client there or stop that server").orElse(
                        "; stop that server or choose another root"));
        this.root = root;
        this.runningProxyUrl = runningProxyUrl;
    }

    public Path root() {
        return root;
    }

    /** The proxy URL of the server holding the root, when it could be read. */
    public Optional<URI> runningProxyUrl() {
        return runningProxyUrl;
    }
}
