/**
 * Inside a job: turns one YTsaurus job into {@code process_per_node} cooperating workers plus
 * sidecars.
 *
 * <p>The bootstrap is a short composition of the parts here:
 * <ol>
 *   <li>{@link ai.tracto.tractorun.job.BootstrapConfig#read} and
 *       {@link ai.tracto.tractorun.job.VersionCheck#requireSameVersion(BootstrapConfig)};</li>
 *   <li>{@link ai.tracto.tractorun.job.bind.BindUnpacker#unpackAll} in the sandbox;</li>
 *   <li>rendezvous over Cypress gives a {@link ai.tracto.tractorun.job.NodeTopology}, and the
 *       {@code env} entries with a {@code cypress_path} are read;</li>
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
