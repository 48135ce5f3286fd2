package ai.tracto.tractorun.job;

import ai.tracto.tractorun.job.bind.BindUnpacker;
import ai.tracto.tractorun.job.log.LogSink;
import ai.tracto.tractorun.job.log.LogSource;
import ai.tracto.tractorun.job.supervise.Supervisor;
import ai.tracto.tractorun.job.supervise.SupervisorOptions;
import ai.tracto.tractorun.yt.YtClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The job command of every tractorun operation: {@code java -cp tractorun.jar
 * ai.tracto.tractorun.job.BootstrapMain bootstrap.json}. It turns one YTsaurus job into one node
 * of the gang:
 * <ol>
 *   <li>reads {@code bootstrap.json} and checks it was written by this very version;</li>
 *   <li>builds a client from the job's environment: {@code YT_PROXY}, and the token only from
 *   the secure vault ({@code YT_SECURE_VAULT_YT_TOKEN}; absent means no token);</li>
 *   <li>reads the {@code env} entries kept in Cypress, unpacks binds and lib binds, puts the
 *   Python toolbox module on the workers' {@code PYTHONPATH};</li>
 *   <li>joins the incarnation ({@link Rendezvous});</li>
 *   <li>starts every {@link NodeServiceProvider} found on the class path (the toolbox endpoint),
 *   then the workers and sidecars under a {@link Supervisor}, their lines routed to stderr and,
 *   in {@code realtime_yt_table} mode, to the log tables;</li>
 *   <li>exits with the supervisor's result; SIGTERM stops every process tree first.</li>
 * </ol>
 * Workers also get {@code YT_PROXY} and {@code YT_TOKEN} so that YTsaurus clients work in them.
 *
 * <p>When the job fails, its last stderr line is one {@link JobFailure} line, for the launcher:
 * <pre>
 * tractorun-failure: {"reason":"worker_failed","node":1,"rank":3,"sidecar":null,"exit_code":7,"signal":null,"message":"rank 3 exited with code 7"}
 * </pre>
 * Exit codes: 0 when every worker exited 0; the failed worker's (or {@code fail} sidecar's) code;
 * 1 when the bootstrap itself fails; 143 after SIGTERM.
 */
public final class BootstrapMain {
    /** The secure-vault key of the YTsaurus token, as the job sees it. */
    public static final String VAULT_TOKEN = "YT_SECURE_VAULT_YT_TOKEN";
    public static final String YT_PROXY = "YT_PROXY";
    public static final String YT_TOKEN = "YT_TOKEN";
    /**
     * Set by the job prelude when it ran this JVM under C.UTF-8 because the job's locale was not
     * UTF-8: the job's own {@code LC_ALL} (empty when it had none), which the workers get back.
     */
    static final String JOB_LC_ALL = "TRACTORUN_JOB_LC_ALL";
    /**
     * Between SIGTERM and SIGKILL for the workers: shorter than the grace a cluster gives the job
     * itself, so the bootstrap still lives to finish the job.
     */
    static final Duration GRACE_PERIOD = Duration.ofSeconds(3);

    private final Map<String, String> env;
    private final Path jobDir;
    private final PrintStream stderr;
    private final CompletableFuture<List<NodeServiceProvider>> providers;
    private Optional<JobFailure> reported = Optional.empty();

    private BootstrapMain(Map<String, String> env, Path jobDir, PrintStream stderr,
                          CompletableFuture<List<NodeServiceProvider>> providers) {
        this.env = env;
        this.providers = providers;
        this.jobDir = jobDir.toAbsolutePath().normalize();
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        CompletableFuture<List<NodeServiceProvider>> providers = CompletableFuture.supplyAsync(
                BootstrapMain::startUp, task -> {
                    Thread thread = new Thread(task, "tractorun-start-up");
                    thread.setDaemon(true);
                    thread.start();
                });
        int code = new BootstrapMain(System.getenv(), Path.of(""), System.err, providers).run(args);
        System.exit(code);
    }

    /**
     * What the node needs only once the rendezvous is over, made on a second thread meanwhile
     * instead of on the way to the workers: the node service providers, each
     * {@linkplain NodeServiceProvider#prepare() prepared} (finding them opens the jar, which the
     * toolbox's extraction needs next). Nothing on the way to the workers makes a Jackson
     * {@code ObjectMapper} (tens of milliseconds of a cold JVM): the config and the rendezvous get
     * by with the streaming parser.
     */
    private static List<NodeServiceProvider> startUp() {
        List<NodeServiceProvider> found = new ArrayList<>();
        ServiceLoader.load(NodeServiceProvider.class).forEach(found::add);
        for (NodeServiceProvider provider : found) {
            try {
                provider.prepare();
            } catch (RuntimeException e) {
                // Preparing only saves time: the provider's start says what is wrong, if anything is.
            }
        }
        return List.copyOf(found);
    }

    private int run(String[] args) {
        Optional<Integer> node = nodeIndex();
        if (args.length != 1) {
            return fail(JobFailure.bootstrap(node, "usage: BootstrapMain <bootstrap.json>"));
        }
        Termination termination = Termination.install(GRACE_PERIOD.plusSeconds(10));
        try {
            return runNode(Path.of(args[0]), termination);
        } catch (InterruptedException e) {
            return fail(JobFailure.terminated(node, Supervisor.TERMINATED_EXIT_CODE));
        } catch (RuntimeException e) {
            if (reported.isPresent()) {
                // The node's result is already decided and reported; a failing clean-up must not change it.
                stderr.println("tractorun: clean-up after the node finished failed: " + messageOf(e));
                return reported.get().exitCode();
            }
            if (termination.requested()) {
                return fail(JobFailure.terminated(node, Supervisor.TERMINATED_EXIT_CODE));
            }
            return fail(JobFailure.bootstrap(node, messageOf(e)));
        } finally {
            termination.cleanedUp();
            if (!termination.requested()) {
                termination.uninstall();
            }
        }
    }

    private int runNode(Path configFile, Termination termination) throws InterruptedException {
        BootstrapConfig config = BootstrapConfig.read(jobDir.resolve(configFile));
        VersionCheck.requireSameVersion(config);
        JobIdentity job = JobIdentity.fromEnvironment(env, config.mesh().processPerNode());
        try (YtClient client = client()) {
            Map<String, String> cypressEnv = CypressEnvironment.resolve(config.env(), CypressEnvironment.of(client));
            new BindUnpacker(jobDir).unpackAll(config);
            Path toolbox = PythonToolbox.extract(jobDir);
            try (Incarnation incarnation = Rendezvous.join(client, new TrainingDirectory(config.ytPath()), job,
                    config.mesh().nodeCount(), RendezvousOptions.of(config.barrierTimeout(), this::progress))) {
                stderr.println("tractorun: node " + job.nodeIndex() + " joined incarnation " + incarnation.id()
                        + " of " + config.ytPath() + " (primary " + incarnation.node().primaryEndpoint() + ", "
                        + incarnation.requests() + " rendezvous requests)");
                WorkerEnvironment environment = new WorkerEnvironment(config, incarnation.node(), cypressEnv, jobDir,
                        Optional.of(job));
                List<NodeService> services = new ArrayList<>();
                try (LogSink sink = NodeLogs.open(config, incarnation, environment, client, stderr)) {
                    for (NodeServiceProvider provider : nodeServiceProviders()) {
                        services.add(provider.start(new NodeContext(config, job, incarnation, environment, client,
                                jobDir)));
                    }
                    NodeProcesses processes = NodeProcesses.plan(config, environment,
                            inheritedEnvironment(toolbox), jobDir, services);
                    Optional<Supervisor> supervisor = termination.startSupervisor(() -> Supervisor.start(
                            processes.workers(), processes.sidecars(), sink,
                            SupervisorOptions.defaults().withGracePeriod(GRACE_PERIOD)));
                    if (supervisor.isEmpty()) {
                        throw new InterruptedException("terminated before the workers started");
                    }
                    int code;
                    try (IncarnationWatch watch = IncarnationWatch.start(incarnation, supervisor.get()::terminate)) {
                        code = supervisor.get().awaitExitCode();
                        if (watch.lost()) {
                            return fail(JobFailure.bootstrap(Optional.of(job.nodeIndex()), "the incarnation"
                                    + " transaction of " + config.ytPath() + " expired or was aborted, and the"
                                    + " primary lock with it: stopped the node so that two gangs never share it"));
                        }
                    }
                    // Reported before the clean-up, which may take seconds the cluster does not grant after SIGTERM.
                    return code == 0 ? 0 : fail(failureOf(supervisor.get(), job, code));
                } finally {
                    services.forEach(NodeService::close);
                }
            }
        }
    }

    private List<NodeServiceProvider> nodeServiceProviders() {
        try {
            return providers.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new BootstrapException("cannot load the node services: " + e.getCause());
        }
    }

    private YtClient client() {
        String proxy = env.get(YT_PROXY);
        if (proxy == null || proxy.isBlank()) {
            throw new BootstrapException(YT_PROXY + " is not set in the job's environment: the launcher puts the"
                    + " cluster's proxy there");
        }
        YtClient.Builder builder = YtClient.builder().proxy(proxy);
        vaultToken().ifPresent(builder::token);
        return builder.build();
    }

    private Optional<String> vaultToken() {
        return Optional.ofNullable(env.get(VAULT_TOKEN)).filter(token -> !token.isBlank());
    }

    /** The job's environment, plus what every process of the gang gets from tractorun. */
    private Map<String, String> inheritedEnvironment(Path toolboxDirectory) {
        Map<String, String> inherited = new LinkedHashMap<>(env);
        restoreJobLocale(inherited);
        inherited.put(YT_PROXY, env.get(YT_PROXY));
        vaultToken().ifPresent(token -> inherited.put(YT_TOKEN, token));
        String pythonPath = inherited.get("PYTHONPATH");
        inherited.put("PYTHONPATH", pythonPath == null || pythonPath.isEmpty()
                ? toolboxDirectory.toString() : toolboxDirectory + ":" + pythonPath);
        return inherited;
    }

    /** Gives back the {@code LC_ALL} the job had where the prelude ran this JVM under C.UTF-8. */
    private static void restoreJobLocale(Map<String, String> environment) {
        String jobLcAll = environment.remove(JOB_LC_ALL);
        if (jobLcAll == null) {
            return;
        }
        if (jobLcAll.isEmpty()) {
            environment.remove("LC_ALL");
        } else {
            environment.put("LC_ALL", jobLcAll);
        }
    }

    private static JobFailure failureOf(Supervisor supervisor, JobIdentity job, int code) {
        Optional<LogSource> failed = supervisor.failedProcess();
        if (failed.isEmpty()) {
            return JobFailure.terminated(Optional.of(job.nodeIndex()), code);
        }
        if (failed.get().kind() == LogSource.Kind.WORKER) {
            return JobFailure.worker(job.nodeIndex(), failed.get().index(), code);
        }
        return JobFailure.sidecar(job.nodeIndex(), failed.get().index(), code);
    }

    private int fail(JobFailure failure) {
        reported = Optional.of(failure);
        stderr.println(failure.toLine());
        stderr.flush();
        return failure.exitCode();
    }

    private void progress(String line) {
        stderr.println("tractorun: " + line);
        stderr.flush();
    }

    private Optional<Integer> nodeIndex() {
        try {
            return Optional.of(Integer.parseInt(env.getOrDefault(JobIdentity.JOB_COOKIE, "").trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String messageOf(RuntimeException e) {
        return e instanceof BootstrapException || e.getMessage() == null ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
