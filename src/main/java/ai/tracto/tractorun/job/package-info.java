/**
 * Inside a job: turns one YTsaurus job into {@code process_per_node} cooperating workers plus
 * sidecars.
 *
 * <p>{@link ai.tracto.tractorun.job.BootstrapMain} (the job command) is a short composition of
 * the parts here; a failed job ends its stderr with one {@link ai.tracto.tractorun.job.JobFailure}
 * line, and {@link ai.tracto.tractorun.job.NodeServiceProvider}s found on the class path (the
 * toolbox endpoint) serve the workers:
 * <ol>
 *   <li>{@link ai.tracto.tractorun.job.BootstrapConfig#read} and
 *       {@link ai.tracto.tractorun.job.VersionCheck#requireSameVersion(BootstrapConfig)};</li>
 *   <li>{@link ai.tracto.tractorun.job.bind.BindUnpacker#unpackAll} in the sandbox;</li>
 *   <li>the {@code env} entries with a {@code cypress_path} are read
 *       ({@link ai.tracto.tractorun.job.CypressEnvironment}), and
 *       {@link ai.tracto.tractorun.job.Rendezvous#join} over the
 *       {@link ai.tracto.tractorun.job.TrainingDirectory} gives the node's
 *       {@link ai.tracto.tractorun.job.Incarnation};</li>
 *   <li>{@link ai.tracto.tractorun.job.WorkerEnvironment} and
 *       {@link ai.tracto.tractorun.job.NodeProcesses#plan} describe the node's processes;</li>
 *   <li>{@link ai.tracto.tractorun.job.supervise.Supervisor#start} runs them, logging through a
 *       {@link ai.tracto.tractorun.job.log.StderrLogSink} (teed with a
 *       {@link ai.tracto.tractorun.job.log.TableLogSink} in {@code realtime_yt_table} mode); a JVM
 *       shutdown hook calls {@link ai.tracto.tractorun.job.supervise.Supervisor#terminate()}; the
 *       job exits with {@link ai.tracto.tractorun.job.supervise.Supervisor#awaitExitCode()}.</li>
 * </ol>
 */
package ai.tracto.tractorun.job;
