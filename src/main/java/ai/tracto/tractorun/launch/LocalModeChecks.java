package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindCypress;
import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.TractorunConfigException;

import java.util.ArrayList;
import java.util.List;

/** What {@code --local} cannot honour, said before anything starts. */
final class LocalModeChecks {
    private LocalModeChecks() {}

    /**
     * The embedded cluster runs jobs as processes on this host and never writes outside their
     * sandboxes, so an absolute destination cannot be honoured there.
     */
    static void requireRelativeDestinations(RunConfig config) {
        for (BindLocal bind : config.bindLocal()) {
            requireRelative("bind_local.destination", bind.destination());
        }
        for (BindCypress bind : config.bindCypress()) {
            requireRelative("bind_cypress.destination", bind.destination());
        }
    }

    private static void requireRelative(String option, String destination) {
        if (destination.startsWith("/")) {
            String suggestion = destination.replaceAll("^/+", "");
            throw new TractorunConfigException(option, destination, "a relative destination with --local"
                    + " (local jobs never write outside their sandbox), e.g. '" + suggestion
                    + "' in the job's working directory");
        }
    }

    /** Docker images, pools and GPUs mean nothing to local processes: one note, not a failure. */
    static void noteUnenforced(RunConfig config, LaunchEnvironment environment) {
        List<String> ignored = new ArrayList<>();
        config.dockerImage().ifPresent(image -> ignored.add("docker_image"));
        config.mesh().pool().ifPresent(pool -> ignored.add("mesh.pool"));
        if (!config.mesh().poolTrees().isEmpty()) {
            ignored.add("mesh.pool_trees");
        }
        if (config.mesh().gpuPerProcess() > 0) {
            ignored.add("mesh.gpu_per_process");
        }
        if (!ignored.isEmpty()) {
            environment.say("tractorun: note: the local cluster does not enforce " + String.join(", ", ignored)
                    + "; jobs run as processes on this host");
        }
    }
}
