package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.job.BootstrapMain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launch facts for a dry run, which contacts no cluster: the job command (the same prelude a
 * launch renders) and file names are the real ones, but where uploads land (content-addressed cache paths), the proxy and the secrets can
 * only be known at launch, so they are shown as {@value #AT_LAUNCH}-style placeholders.
 */
public final class DryRunLaunchFacts {
    public static final String AT_LAUNCH = "<uploaded at launch>";
    public static final String PROXY_AT_LAUNCH = "<proxy URL at launch>";
    public static final String SECRET_AT_LAUNCH = "<secret at launch>";
    public static final String LAUNCHER_JAVA_AT_LAUNCH = "<launcher's java at launch>";
    public static final String BOOTSTRAP_CONFIG_AT_LAUNCH = "<bootstrap config at launch>";

    private DryRunLaunchFacts() {}

    public static LaunchFacts forConfig(RunConfig config) {
        List<JsonNode> files = new ArrayList<>();
        files.add(FilePaths.file(AT_LAUNCH, ClasspathFiles.SINGLE_JAR));
        // The same prelude as a real launch: local jobs use the launcher's own Java, cluster jobs
        // fall back to the shipped runtime when the image has no Java 17.
        Optional<String> runtime = config.local() ? Optional.empty() : Optional.of(JavaRuntimeImage.SANDBOX_NAME);
        runtime.ifPresent(name -> files.add(FilePaths.file(AT_LAUNCH, name)));
        // Cypress binds as a launch delivers them (map nodes are expanded only at launch).
        CypressBinds.Delivery cypressFiles = CypressBinds.deliver(config.bindCypress());
        String jobCommand = JobCommand.render(List.of(ClasspathFiles.SINGLE_JAR), runtime, cypressFiles.moves(),
                config.local() ? Optional.of(LAUNCHER_JAVA_AT_LAUNCH) : Optional.empty());
        for (int i = 0; i < config.bindLocal().size(); i++) {
            files.add(FilePaths.file(AT_LAUNCH, JobPackage.bindArchiveName(i)));
        }
        for (int i = 0; i < config.bindLocalLib().size(); i++) {
            files.add(FilePaths.file(AT_LAUNCH, JobPackage.libArchiveName(i)));
        }
        files.addAll(cypressFiles.filePaths());

        ObjectNode vault = JsonNodeFactory.instance.objectNode().put("YT_TOKEN", SECRET_AT_LAUNCH);
        config.dockerAuthSecret().ifPresent(secret -> vault.put("docker_auth", SECRET_AT_LAUNCH));
        // The configuration is known only at launch (it holds the cluster's config); a small one,
        // as nearly all are, travels in the environment.
        return new LaunchFacts(jobCommand, files, Map.of(BootstrapMain.YT_PROXY, PROXY_AT_LAUNCH,
                JobCommand.CONFIG_VARIABLE, BOOTSTRAP_CONFIG_AT_LAUNCH), vault);
    }
}
