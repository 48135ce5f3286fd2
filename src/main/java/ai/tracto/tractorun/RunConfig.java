package ai.tracto.tractorun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything one tractorun run needs, immutable and already resolved: defaults are filled in,
 * so two configurations that would launch the same job are equal. Build one with
 * {@link #builder()}, or let the {@code config} package read it from flags and YAML.
 *
 * <p>JSON-valued parts ({@code userConfig}, {@code ytOperationSpec}, {@code ytTaskSpec}) are
 * copied in and out, so no caller can change a configuration after it was built.
 */
public record RunConfig(
        List<String> command,
        String ytPath,
        Optional<String> dockerImage,
        String title,
        Mesh mesh,
        List<EnvVariable> env,
        Resources resources,
        Optional<JsonNode> userConfig,
        List<BindLocal> bindLocal,
        List<String> bindLocalLib,
        List<BindCypress> bindCypress,
        List<Sidecar> sidecars,
        StderrMode proxyStderrMode,
        OperationLogMode operationLogMode,
        boolean noWait,
        boolean dryRun,
        Optional<DockerAuthSecret> dockerAuthSecret,
        String clusterConfigPath,
        Optional<ObjectNode> ytOperationSpec,
        Optional<ObjectNode> ytTaskSpec,
        boolean local,
        Backend backend) {

    /** Where tractorun keeps its training directories when no {@code yt_path} is given. */
    public static final String DEFAULT_YT_PATH_PARENT = "//tmp/tractorun";
    public static final String DEFAULT_CLUSTER_CONFIG_PATH = "//home/tractorun/config";

    public RunConfig {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        requireCypressPath(ytPath, "yt_path");
        Objects.requireNonNull(dockerImage, "dockerImage");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(mesh, "mesh");
        env = List.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(resources, "resources");
        userConfig = Objects.requireNonNull(userConfig, "userConfig").map(JsonNode::deepCopy);
        bindLocal = List.copyOf(Objects.requireNonNull(bindLocal, "bindLocal"));
        bindLocalLib = List.copyOf(Objects.requireNonNull(bindLocalLib, "bindLocalLib"));
        bindCypress = List.copyOf(Objects.requireNonNull(bindCypress, "bindCypress"));
        sidecars = List.copyOf(Objects.requireNonNull(sidecars, "sidecars"));
        Objects.requireNonNull(proxyStderrMode, "proxyStderrMode");
        Objects.requireNonNull(operationLogMode, "operationLogMode");
        Objects.requireNonNull(dockerAuthSecret, "dockerAuthSecret");
        requireCypressPath(clusterConfigPath, "cluster_config_path");
        ytOperationSpec = Objects.requireNonNull(ytOperationSpec, "ytOperationSpec").map(ObjectNode::deepCopy);
        ytTaskSpec = Objects.requireNonNull(ytTaskSpec, "ytTaskSpec").map(ObjectNode::deepCopy);
        Objects.requireNonNull(backend, "backend");
    }

    @Override
    public Optional<JsonNode> userConfig() {
        return userConfig.map(JsonNode::deepCopy);
    }

    @Override
    public Optional<ObjectNode> ytOperationSpec() {
        return ytOperationSpec.map(ObjectNode::deepCopy);
    }

    @Override
    public Optional<ObjectNode> ytTaskSpec() {
        return ytTaskSpec.map(ObjectNode::deepCopy);
    }

    /** The default training directory: a fresh one under {@value #DEFAULT_YT_PATH_PARENT}. */
    public static String defaultYtPath(UUID id) {
        return DEFAULT_YT_PATH_PARENT + "/" + id;
    }

    /** The default operation title for a training directory. */
    public static String defaultTitle(String ytPath) {
        return "Tractorun " + ytPath;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .command(command).ytPath(ytPath).dockerImage(dockerImage.orElse(null)).title(title)
                .mesh(mesh).env(env).resources(resources).userConfig(userConfig.orElse(null))
                .bindLocal(bindLocal).bindLocalLib(bindLocalLib).bindCypress(bindCypress)
                .sidecars(sidecars).proxyStderrMode(proxyStderrMode).operationLogMode(operationLogMode)
                .noWait(noWait).dryRun(dryRun).dockerAuthSecret(dockerAuthSecret.orElse(null))
                .clusterConfigPath(clusterConfigPath).ytOperationSpec(ytOperationSpec.orElse(null))
                .ytTaskSpec(ytTaskSpec.orElse(null)).local(local).backend(backend);
    }

    /**
     * A run on a cluster needs the image its jobs run in (a local run uses this host); the CLI, the
     * YAML file and the Java API all stop here before anything is submitted.
     *
     * @throws TractorunConfigException naming {@code --docker-image} when a cluster run has no image
     */
    public void requireDockerImageForClusterRun() {
        if (!local && dockerImage.isEmpty()) {
            throw new TractorunConfigException("--docker-image", "missing, expected a Docker image"
                    + " for a cluster run (--docker-image, docker_image: in YAML, dockerImage(...) in Java, or"
                    + " YT_BASE_LAYER / YT_JOB_DOCKER_IMAGE), or --local to run on this host");
        }
    }

    private static void requireCypressPath(String path, String option) {
        Objects.requireNonNull(path, option);
        if (!path.startsWith("//")) {
            throw new TractorunConfigException(option, path, "a Cypress path starting with //");
        }
    }

    /**
     * Starts from the built-in defaults of every option. An unset {@code ytPath} becomes a fresh
     * directory under {@value #DEFAULT_YT_PATH_PARENT}; an unset title becomes
     * {@code Tractorun <ytPath>}. Passing {@code null} to a setter of an optional part unsets it.
     */
    public static final class Builder {
        private List<String> command = List.of();
        private String ytPath;
        private String dockerImage;
        private String title;
        private Mesh mesh = Mesh.defaults();
        private final List<EnvVariable> env = new ArrayList<>();
        private Resources resources = Resources.defaults();
        private JsonNode userConfig;
        private final List<BindLocal> bindLocal = new ArrayList<>();
        private final List<String> bindLocalLib = new ArrayList<>();
        private final List<BindCypress> bindCypress = new ArrayList<>();
        private final List<Sidecar> sidecars = new ArrayList<>();
        private StderrMode proxyStderrMode = StderrMode.DISABLED;
        private OperationLogMode operationLogMode = OperationLogMode.DEFAULT;
        private boolean noWait;
        private boolean dryRun;
        private DockerAuthSecret dockerAuthSecret;
        private String clusterConfigPath = DEFAULT_CLUSTER_CONFIG_PATH;
        private ObjectNode ytOperationSpec;
        private ObjectNode ytTaskSpec;
        private boolean local;
        private Backend backend = Backend.GENERIC;

        private Builder() {}

        public Builder command(List<String> command) {
            this.command = List.copyOf(command);
            return this;
        }

        public Builder command(String... command) {
            return command(List.of(command));
        }

        public Builder ytPath(String ytPath) {
            this.ytPath = ytPath;
            return this;
        }

        public Builder dockerImage(String dockerImage) {
            this.dockerImage = dockerImage;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder mesh(Mesh mesh) {
            this.mesh = Objects.requireNonNull(mesh, "mesh");
            return this;
        }

        /** Replaces the environment variables. */
        public Builder env(List<EnvVariable> env) {
            this.env.clear();
            this.env.addAll(env);
            return this;
        }

        public Builder addEnv(EnvVariable variable) {
            this.env.add(Objects.requireNonNull(variable, "variable"));
            return this;
        }

        public Builder resources(Resources resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        public Builder userConfig(JsonNode userConfig) {
            this.userConfig = userConfig == null || userConfig.isNull() ? null : userConfig.deepCopy();
            return this;
        }

        public Builder bindLocal(List<BindLocal> binds) {
            this.bindLocal.clear();
            this.bindLocal.addAll(binds);
            return this;
        }

        public Builder addBindLocal(BindLocal bind) {
            this.bindLocal.add(Objects.requireNonNull(bind, "bind"));
            return this;
        }

        public Builder bindLocalLib(List<String> libs) {
            this.bindLocalLib.clear();
            this.bindLocalLib.addAll(libs);
            return this;
        }

        public Builder addBindLocalLib(String lib) {
            this.bindLocalLib.add(Objects.requireNonNull(lib, "lib"));
            return this;
        }

        public Builder bindCypress(List<BindCypress> binds) {
            this.bindCypress.clear();
            this.bindCypress.addAll(binds);
            return this;
        }

        public Builder addBindCypress(BindCypress bind) {
            this.bindCypress.add(Objects.requireNonNull(bind, "bind"));
            return this;
        }

        public Builder sidecars(List<Sidecar> sidecars) {
            this.sidecars.clear();
            this.sidecars.addAll(sidecars);
            return this;
        }

        public Builder addSidecar(Sidecar sidecar) {
            this.sidecars.add(Objects.requireNonNull(sidecar, "sidecar"));
            return this;
        }

        public Builder proxyStderrMode(StderrMode mode) {
            this.proxyStderrMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder operationLogMode(OperationLogMode mode) {
            this.operationLogMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder noWait(boolean noWait) {
            this.noWait = noWait;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder dockerAuthSecret(DockerAuthSecret secret) {
            this.dockerAuthSecret = secret;
            return this;
        }

        public Builder clusterConfigPath(String path) {
            this.clusterConfigPath = Objects.requireNonNull(path, "path");
            return this;
        }

        public Builder ytOperationSpec(ObjectNode spec) {
            this.ytOperationSpec = spec == null ? null : spec.deepCopy();
            return this;
        }

        public Builder ytTaskSpec(ObjectNode spec) {
            this.ytTaskSpec = spec == null ? null : spec.deepCopy();
            return this;
        }

        public Builder local(boolean local) {
            this.local = local;
            return this;
        }

        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public RunConfig build() {
            String path = ytPath != null ? ytPath : defaultYtPath(UUID.randomUUID());
            return new RunConfig(command, path, Optional.ofNullable(dockerImage),
                    title != null ? title : defaultTitle(path), mesh, env, resources,
                    Optional.ofNullable(userConfig), bindLocal, bindLocalLib, bindCypress, sidecars,
                    proxyStderrMode, operationLogMode, noWait, dryRun, Optional.ofNullable(dockerAuthSecret),
                    clusterConfigPath, Optional.ofNullable(ytOperationSpec), Optional.ofNullable(ytTaskSpec),
                    local, backend);
        }
    }
}
