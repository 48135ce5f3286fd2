package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.TractorunConfigException;
import ai.tracto.tractorun.localcluster.LocalCluster;
import ai.tracto.tractorun.localcluster.LocalClusterBusyException;
import ai.tracto.tractorun.localcluster.LocalClusterOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtConfigException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster a launch talks to: the one {@code YT_PROXY} and {@code ~/.yt} name, or with
 * {@code --local} the embedded cluster on its persistent root (started in this process, or the
 * one already serving that root). Closing it stops an embedded cluster this process started.
 */
public final class ClusterConnection implements AutoCloseable {
    private final YtClient client;
    private final Optional<LocalCluster> ownedCluster;
    private final Optional<String> token;

    private ClusterConnection(YtClient client, Optional<LocalCluster> ownedCluster, Optional<String> token) {
        this.client = client;
        this.ownedCluster = ownedCluster;
        this.token = token;
    }

    static ClusterConnection open(RunConfig config, LaunchEnvironment environment) {
        return open(config.local(), environment);
    }

    /** The configured cluster, or with {@code local} the embedded one on the environment's root. */
    public static ClusterConnection open(boolean local, LaunchEnvironment environment) {
        if (!local) {
            try {
                YtClient client = YtClient.fromEnvironment(environment.env(), environment.home());
                return new ClusterConnection(client, Optional.empty(), client.token());
            } catch (YtConfigException e) {
                throw new TractorunConfigException("YT_PROXY", e.getMessage() + " (or use --local)");
            }
        }
        Path root = environment.localClusterRoot();
        try {
            LocalCluster cluster = LocalCluster.start(new LocalClusterOptions(root, 0));
            environment.say("tractorun: local cluster at " + cluster.proxyUrl() + " (root " + root + ")");
            return new ClusterConnection(client(cluster.proxyUrl()), Optional.of(cluster), Optional.empty());
        } catch (LocalClusterBusyException e) {
            URI running = e.runningProxyUrl().orElseThrow(() -> new TractorunConfigException("local",
                    "the local cluster root " + root + " is locked by another process whose address is unknown;"
                            + " stop it or set " + LaunchEnvironment.LOCAL_ROOT_VARIABLE + " to another directory"));
            environment.say("tractorun: using the local cluster already running at " + running + " (root " + root + ")");
            return new ClusterConnection(client(running), Optional.empty(), Optional.empty());
        }
    }

    private static YtClient client(URI proxy) {
        return YtClient.builder().proxy(proxy.toString()).build();
    }

    public YtClient client() {
        return client;
    }

    Optional<String> token() {
        return token;
    }

    /**
     * Runs {@code listener} on every operation change the cluster reports: only an embedded
     * cluster this connection started does; with any other cluster nothing calls it.
     */
    void onOperationChange(Runnable listener) {
        ownedCluster.ifPresent(cluster -> cluster.onOperationChange(listener));
    }

    /** Whether closing this connection stops the cluster (and with it every operation on it). */
    boolean ownsCluster() {
        return ownedCluster.isPresent();
    }

    /** Closes the client and stops an embedded cluster this connection started. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            ownedCluster.ifPresent(LocalCluster::close);
        }
    }
}
