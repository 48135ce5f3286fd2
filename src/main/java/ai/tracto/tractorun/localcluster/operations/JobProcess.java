package ai.tracto.tractorun.localcluster.operations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running job: {@code /bin/bash -c <command>} in its own session and process group, with
 * its stderr captured to a file, and a watchdog that kills it when the cluster's JVM goes away.
 *
 * <p>Java cannot call {@code setsid()} for a child, so the JVM starts a small wrapper shell
 * (outside the job's group) that starts the job through {@code setsid} and prints the job's
 * process group id on its stdout. Then:
 * <ul>
 *   <li><b>Watchdog.</b> The wrapper's stdin is a pipe whose write end only the JVM holds. A
 *   background loop of the wrapper reads that pipe; it sees end-of-file when the JVM closes the
 *   pipe or dies (the kernel closes a dead process's descriptors, SIGKILL included) and then
 *   signals the wrapper (SIGUSR1), which sends SIGTERM to the job's process group and, unless
 *   the job ends first, SIGKILL after the grace period. Nothing of this needs the JVM to be
 *   alive. The wrapper waits with plain {@code wait PID} (bash remembers the status of a child
 *   that ended early; {@code wait -n} does not reliably) and treats SIGINT, SIGTERM and SIGHUP
 *   like end-of-file.</li>
 *   <li><b>Capture.</b> The job's stderr (and stdout with {@code redirect_stdout_to_stderr},
 *   otherwise stdout is discarded) goes through a pipe to a reader in its own session that
 *   keeps the first {@code max_stderr_size} bytes in a file and drains the rest, so the job
 *   never blocks on a full pipe nor gets SIGPIPE; the file is readable while the job runs. The
 *   pipe is a process substitution of the wrapper, which hands its write end to the job alone:
 *   unlike a FIFO, it needs no {@code mkfifo} before the job starts nor {@code rm} after it
 *   ends, two processes on the way of every job. (Bash 4.4 or newer, 2016: older ones do not
 *   give the substitution's pid in {@code $!}.)</li>
 *   <li><b>Exit.</b> When the job's main process ends, the wrapper kills what is left of its
 *   process group (as YTsaurus cleans a finished job's processes), waits for the capture to
 *   finish (at most two seconds: a process that left the group may still hold the pipe) and
 *   exits with the job's status as bash reports it (128+N when killed by signal N). Then the
 *   scheduler kills what is left anywhere with the job's id in its environment ({@link Stragglers}).</li>
 * </ul>
 * An explicit {@link #stop} signals the group from the JVM: SIGTERM, then after the grace
 * period SIGKILL to the group and to every descendant seen before the first signal (which
 * also reaches descendants that left the group through their own {@code setsid}).
 */
final class JobProcess {
    private static final String WRAPPER = """
            set -u
            cmd=$1; err=$2; max=$3; redirect=$4; grace=$5
            wrapper=$$
            exec 3> >(exec setsid /bin/bash -c 'stdbuf -o0 head -c "$0"; exec cat >/dev/null' "$max" >"$err")
            capture=$!
            if [ "$redirect" = 1 ]; then
              setsid /bin/bash -c "$cmd" </dev/null 2>&3 1>&2 3>&- &
            else
              setsid /bin/bash -c "$cmd" </dev/null 2>&3 1>/dev/null 3>&- &
            fi
            job=$!
            # Only the job holds the pipe now: the capture ends when the job's processes are gone.
            exec 3>&-
            echo "$job"
            exec 1>/dev/null
            stop=0
            trap 'stop=1' USR1 INT TERM HUP
            trap '[ "$stop" = 1 ] && kill -KILL -- "-$job" 2>/dev/null' USR2
            { while IFS= read -r _; do :; done; kill -USR1 "$wrapper"; } <&0 &
            watchdog=$!
            timer=
            while kill -0 "$job" 2>/dev/null; do
              wait "$job"
              if [ "$stop" = 1 ] && [ -z "$timer" ]; then
                kill -TERM -- "-$job" 2>/dev/null
                setsid /bin/bash -c 'sleep "$0"; kill -USR2 "$1"' "$grace" "$wrapper" </dev/null &
                timer=$!
              fi
            done
            wait "$job"
            status=$?
            kill "$watchdog" 2>/dev/null
            # SIGKILL by pid and by group: the timer may not have reached setsid() yet
            [ -n "$timer" ] && { kill -KILL "$timer"; kill -KILL -- "-$timer"; } 2>/dev/null
            kill -KILL -- "-$job" 2>/dev/null
            setsid /bin/bash -c 'sleep 2; kill -KILL -- "-$0"' "$capture" </dev/null &
            capture_timer=$!
            while kill -0 "$capture" 2>/dev/null; do
              wait "$capture"
            done
            { kill -KILL "$capture_timer"; kill -KILL -- "-$capture_timer"; } 2>/dev/null
            exit "$status"
            """;

    private final Process wrapper;
    private final long processGroup;
    private final ScheduledExecutorService timers;

    private JobProcess(Process wrapper, long processGroup, ScheduledExecutorService timers) {
        this.wrapper = wrapper;
        this.processGroup = processGroup;
        this.timers = timers;
    }

    /**
     * Starts {@code command} with exactly {@code environment}, cwd {@code sandbox}, capturing
     * stderr into {@code stderrFile}; the wrapper's own log goes to {@code jobDir}.
     */
    static JobProcess start(String command, Map<String, String> environment, Path sandbox, Path jobDir,
                            Path stderrFile, long maxStderrSize, boolean redirectStdout, Duration grace,
                            ScheduledExecutorService timers) {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/bash", "-c", WRAPPER, "job-wrapper",
                command, stderrFile.toString(), Long.toString(maxStderrSize), redirectStdout ? "1" : "0",
                graceSeconds(grace)));
        builder.directory(sandbox.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(jobDir.resolve("wrapper.log").toFile()));
        Process wrapper;
        try {
            wrapper = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start /bin/bash for a job in " + sandbox, e);
        }
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(wrapper.getInputStream(), StandardCharsets.US_ASCII));
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("Job wrapper exited before starting the job; see "
                        + jobDir.resolve("wrapper.log"));
            }
            return new JobProcess(wrapper, Long.parseLong(line.trim()), timers);
        } catch (IOException | RuntimeException e) {
            wrapper.destroyForcibly();
            closeQuietly(wrapper);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    long processGroup() {
        return processGroup;
    }

    /** Completes with the job's exit status (128+N when killed by signal N) once the job and its capture ended. */
    CompletableFuture<Integer> onExit() {
        return wrapper.onExit().thenApply(p -> {
            closeQuietly(p);
            return p.exitValue();
        });
    }

    /**
     * SIGTERM to the job's process group; after {@code grace}, SIGKILL to the group and to every
     * descendant that existed before the SIGTERM. Returns at once; completion is {@link #onExit()}.
     */
    void stop(Duration grace) {
        if (!wrapper.isAlive()) {
            return;
        }
        List<ProcessHandle> snapshot = wrapper.descendants().toList();
        signalGroup("TERM");
        Runnable kill = () -> {
            if (wrapper.isAlive()) {
                signalGroup("KILL");
            }
            // ProcessHandle matches the start time too, so a reused pid is never hit
            snapshot.forEach(ProcessHandle::destroyForcibly);
        };
        timers.schedule(kill, grace.toMillis(), TimeUnit.MILLISECONDS);
        wrapper.onExit().thenRun(() -> snapshot.stream().filter(ProcessHandle::isAlive)
                .forEach(ProcessHandle::destroyForcibly));
    }

    /** Kills the group and descendants at once; for shutdown paths that cannot wait. */
    void kill() {
        List<ProcessHandle> snapshot = wrapper.descendants().toList();
        signalGroup("KILL");
        snapshot.forEach(ProcessHandle::destroyForcibly);
    }

    private void signalGroup(String signal) {
        // Java can signal single processes only; kill(1) reaches the whole group, including
        // processes forked after any snapshot we could take.
        try {
            Process kill = new ProcessBuilder("/bin/bash", "-c", "kill -s \"$1\" -- \"-$2\" 2>/dev/null", "kill",
                    signal, Long.toString(processGroup))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.getOutputStream().close();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill for process group " + processGroup, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String graceSeconds(Duration grace) {
        return String.format(java.util.Locale.ROOT, "%.3f", grace.toMillis() / 1000.0);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the wrapper is gone; nothing to flush
        }
        try {
            process.getInputStream().close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }
}
