package ai.tracto.tractorun.launch;

import ai.tracto.tractorun.BindLocal;
import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.Version;
import ai.tracto.tractorun.job.BindArchive;
import ai.tracto.tractorun.job.BootstrapConfig;
import ai.tracto.tractorun.job.BootstrapMain;
import ai.tracto.tractorun.job.LibBindArchive;
import ai.tracto.tractorun.job.bind.BindPacker;
import ai.tracto.tractorun.yt.Json;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What every job of a launch receives, shipped through the {@link UploadCache}: the launcher's
 * classpath, the Java runtime for images without Java 17, the bind archives and the caller's extra
 * files; plus the job command, the environment (with the bootstrap's configuration, which is
 * shipped as {@code bootstrap.json} only when it is too large for it; see {@link JobCommand}) and
 * the secure vault.
 */
final class JobPackage {
    private JobPackage() {}

    /** The sandbox name of the archive of {@code bind_local} number {@code index}. */
    static String bindArchiveName(int index) {
        return "bind_" + index + ".zip";
    }

    /** The sandbox name of the archive of {@code bind_local_lib} number {@code index}. */
    static String libArchiveName(int index) {
        return "lib_" + index + ".zip";
    }

    /**
     * What {@link #ship} delivered: the launch facts for {@link OperationSpecBuilder}, and for
     * local jobs the bootstrap's class archive, to settle once the jobs have finished.
     */
    record Shipped(LaunchFacts facts, Optional<BootstrapClassArchive> classArchive) {
    }

    /** Uploads what the jobs need and returns the launch facts for {@link OperationSpecBuilder}. */
    static Shipped ship(RunConfig config, LaunchExtras extras, YtClient client, ClusterConfig clusterConfig,
                            CypressBinds.Delivery cypressFiles, Optional<ObjectNode> dockerAuth,
                            Optional<String> token, String classpath, LaunchEnvironment environment)
            throws IOException {
        Path work = Files.createTempDirectory("tractorun-launch-");
        try {
            UploadCache cache = new UploadCache(client, clusterConfig.fileCachePath(),
                    Optional.of(new FileHashes(environment.cacheDirectory().resolve("hashes"))));
            List<JsonNode> files = new ArrayList<>();
            List<String> jars = new ArrayList<>();
            List<String> jarNodeIds = new ArrayList<>();
            for (ShippedFile jar : ClasspathFiles.of(classpath, work)) {
                // A class directory is zipped afresh into the work directory; a jar is the launcher's own file.
                UploadCache.Entry cached = jar.local().startsWith(work) ? cache.putEntry(jar.local())
                        : cache.putLasting(jar.local());
                files.add(FilePaths.file(cached.path(), jar.sandboxName()));
                jars.add(jar.sandboxName());
                jarNodeIds.add(cached.nodeId());
            }
            // Local jobs run on this host: the launcher's own Java serves them, no runtime needs building.
            Optional<String> launcherJava = config.local()
                    ? Optional.of(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                    : Optional.empty();
            Optional<BootstrapClassArchive> classArchive = config.local() && environment.classDataSharing()
                    ? Optional.of(BootstrapClassArchive.forLocalJobs(environment.cacheDirectory(), jarNodeIds))
                    : Optional.empty();
            Optional<String> runtime = config.local() ? Optional.empty()
                    : JavaRuntimeImage.obtain(environment.cacheDirectory(), environment).map(archive -> {
                        files.add(FilePaths.file(cache.putLasting(archive).path(), JavaRuntimeImage.SANDBOX_NAME));
                        return JavaRuntimeImage.SANDBOX_NAME;
                    });
            List<BindArchive> binds = new ArrayList<>();
            for (int i = 0; i < config.bindLocal().size(); i++) {
                BindLocal bind = config.bindLocal().get(i);
                String name = bindArchiveName(i);
                Path archive = work.resolve(name);
                BindPacker.pack(environment.workingDirectory().resolve(bind.source()), archive);
                files.add(FilePaths.file(cache.put(archive), name));
                binds.add(new BindArchive(name, bind.destination()));
            }
            List<LibBindArchive> libBinds = new ArrayList<>();
            for (int i = 0; i < config.bindLocalLib().size(); i++) {
                Path lib = environment.workingDirectory().resolve(config.bindLocalLib().get(i)).normalize();
                String name = libArchiveName(i);
                Path archive = work.resolve(name);
                BindPacker.pack(lib, archive);
                files.add(FilePaths.file(cache.put(archive), name));
                libBinds.add(new LibBindArchive(name, lib.getFileName().toString()));
            }
            // Every sandbox name tractorun itself uses, the bootstrap file and Cypress binds included.
            Set<String> ownNames = new HashSet<>(List.of(JobCommand.BOOTSTRAP_FILE));
            Stream.concat(files.stream(), cypressFiles.filePaths().stream()).map(FilePaths::fileName)
                    .forEach(ownNames::add);
            for (Map.Entry<String, Path> extra : extras.files().entrySet()) {
                if (ownNames.contains(extra.getKey())) {
                    throw new IllegalArgumentException("extra file name '" + extra.getKey()
                            + "' is one tractorun uses itself; choose another");
                }
                files.add(FilePaths.file(cache.put(extra.getValue()), extra.getKey()));
            }
            BootstrapConfig bootstrap = new BootstrapConfig(Version.current(), config.ytPath(), config.mesh(),
                    extras.workerCommand().orElse(config.command()), config.env(), config.userConfig(),
                    config.sidecars(), binds, libBinds, config.operationLogMode(), config.proxyStderrMode(),
                    config.backend(), BootstrapConfig.DEFAULT_BARRIER_TIMEOUT, clusterConfig.document());
            Map<String, String> jobEnvironment = new HashMap<>();
            jobEnvironment.put(BootstrapMain.YT_PROXY, client.proxyUrl().toString());
            // ASCII: a JVM whose locale is not UTF-8 (the embedded cluster's, starting a job) turns
            // any other character of an environment value into '?'.
            String bootstrapJson = Json.writeAscii(bootstrap.toJson());
            if (bootstrapJson.length() <= JobCommand.MAX_INLINE_CONFIG_BYTES) {
                // In the spec: no upload before the operation, and no file of one run left in the cache.
                jobEnvironment.put(JobCommand.CONFIG_VARIABLE, bootstrapJson);
            } else {
                Path bootstrapFile = work.resolve(JobCommand.BOOTSTRAP_FILE);
                Files.writeString(bootstrapFile, bootstrapJson, StandardCharsets.US_ASCII);
                files.add(FilePaths.file(cache.put(bootstrapFile), JobCommand.BOOTSTRAP_FILE));
            }
            files.addAll(cypressFiles.filePaths());
            environment.say("tractorun: " + cache.stats().summary());

            ObjectNode vault = JsonNodeFactory.instance.objectNode();
            token.ifPresent(t -> vault.put("YT_TOKEN", t));
            dockerAuth.ifPresent(auth -> vault.set("docker_auth", auth));
            String jobCommand = JobCommand.render(jars, runtime, cypressFiles.moves(), launcherJava,
                    classArchive.map(BootstrapClassArchive::shellOptions).orElse(""));
            LaunchFacts facts = new LaunchFacts(jobCommand, files, jobEnvironment, vault);
            return new Shipped(facts, classArchive);
        } finally {
            JavaRuntimeImage.deleteRecursively(work);
        }
    }
}
