package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.RunConfig;

/**
 * Runs a validated configuration for real (on a cluster, or on the embedded one with
 * {@code --local}) and says how the run ended as a process exit code: 0 success, the failing
 * worker's code (or 1) on failure, 130 when interrupted. Configuration problems found while
 * launching are thrown as {@link ai.tracto.tractorun.TractorunConfigException} (exit 2).
 */
@FunctionalInterface
public interface RunExecutor {
    int run(RunConfig config) throws Exception;
}
