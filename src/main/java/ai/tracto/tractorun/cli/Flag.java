package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.config.ConfigKey;

/**
 * How one option of {@code tractorun} looks on the command line: the label of its value, its help
 * line, and how picocli reads it. The switch is exhaustive, so an option added to
 * {@link ConfigKey} without its flag does not compile.
 *
 * @param key         the option
 * @param label       the value's name in the usage help
 * @param description the help line
 * @param shape       how the value is written
 */
record Flag(ConfigKey key, String label, String description, Shape shape) {
    /** How a flag's value is written. */
    enum Shape {
        /** {@code --flag VALUE}, once; the last one wins. */
        SINGLE,
        /** {@code --flag VALUE}, as often as needed. */
        REPEATED,
        /** {@code --flag A,B}, as often as needed. */
        COMMA_SEPARATED,
        /** {@code --flag} alone means true; {@code --flag true|false} is read only when the word is a boolean. */
        OPTIONAL_BOOLEAN
    }

    /** The flag of {@code key}; {@link ConfigKey#COMMAND} is the positional command. */
    static Flag of(ConfigKey key) {
        return switch (key) {
            case COMMAND -> new Flag(key, "COMMAND", "The command every worker runs.", Shape.REPEATED);
            case YT_PATH -> single(key, "PATH", "Training directory on the cluster. Default: //tmp/tractorun/<uuid>.");
            case DOCKER_IMAGE -> single(key, "IMAGE", "Docker image of the jobs.");
            case TITLE -> single(key, "TITLE", "Operation title. Default: Tractorun <yt-path>.");
            case MESH_NODE_COUNT -> single(key, "N", "Nodes (jobs). Default: 1.");
            case MESH_PROCESS_PER_NODE -> single(key, "N", "Processes per node. Default: 1.");
            case MESH_GPU_PER_PROCESS -> single(key, "N", "GPUs per process. Default: 0.");
            case MESH_POOL_TREES -> new Flag(key, "TREE", "Pool tree(s); repeatable or comma-separated.",
                    Shape.COMMA_SEPARATED);
            case MESH_POOL -> single(key, "POOL", "Scheduler pool.");
            case ENV -> repeated(key, "JSON", "Environment variable, repeatable: {\"name\": .., \"value\": ..} or"
                    + " {\"name\": .., \"cypress_path\": ..}.");
            case RESOURCES_CPU_LIMIT -> single(key, "CORES", "CPU cores per node.");
            case RESOURCES_MEMORY_LIMIT -> single(key, "SIZE", "Memory per node: bytes or 512M, 16G, 16GiB, 1.5G.");
            case USER_CONFIG -> single(key, "JSON", "JSON passed to every process.");
            case BIND_LOCAL -> repeated(key, "BIND", "Local file/dir for the job, repeatable: src:dst or"
                    + " {\"source\": .., \"destination\": ..}.");
            case BIND_LOCAL_LIB -> repeated(key, "DIR", "Local Python library, repeatable.");
            case BIND_CYPRESS -> repeated(key, "BIND", "Cypress node for the job, repeatable: //src:dst or JSON"
                    + " with attributes.");
            case SIDECARS -> repeated(key, "JSON", "Sidecar, repeatable: {\"command\": [..], \"restart_policy\":"
                    + " always|on_failure|never|fail}.");
            case PROXY_STDERR_MODE -> single(key, "MODE", "disabled (default) or primary.");
            case OPERATION_LOG_MODE -> single(key, "MODE", "default or realtime_yt_table.");
            case NO_WAIT -> optionalBoolean(key, "Start the operation and return without waiting.");
            case DRY_RUN -> optionalBoolean(key, "Print the effective configuration and operation spec as JSON;"
                    + " start nothing.");
            case DOCKER_AUTH_SECRET_CYPRESS_PATH -> single(key, "PATH", "Cypress document with Docker registry"
                    + " credentials.");
            case CLUSTER_CONFIG_PATH -> single(key, "PATH", "Global tractorun configuration. Default:"
                    + " //home/tractorun/config.");
            case YT_OPERATION_SPEC -> single(key, "JSON", "Merged onto the operation spec.");
            case YT_TASK_SPEC -> single(key, "JSON", "Merged onto the task spec.");
            case LOCAL -> optionalBoolean(key, "Run on the embedded local cluster on this host.");
            case BACKEND -> single(key, "NAME", "generic (default), torch or jax.");
        };
    }

    private static Flag single(ConfigKey key, String label, String description) {
        return new Flag(key, label, description, Shape.SINGLE);
    }

    private static Flag repeated(ConfigKey key, String label, String description) {
        return new Flag(key, label, description, Shape.REPEATED);
    }

    private static Flag optionalBoolean(ConfigKey key, String description) {
        return new Flag(key, "BOOL", description, Shape.OPTIONAL_BOOLEAN);
    }
}
