package ai.tracto.tractorun;

import ai.tracto.tractorun.launch.DryRunLaunchFacts;
import ai.tracto.tractorun.launch.LaunchEnvironment;
import ai.tracto.tractorun.launch.LaunchExtras;
import ai.tracto.tractorun.launch.LaunchResult;
import ai.tracto.tractorun.launch.Launcher;
import ai.tracto.tractorun.launch.OperationSpecBuilder;
import ai.tracto.tractorun.toolbox.FunctionPackager;
import ai.tracto.tractorun.toolbox.JavaWorkerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs distributed jobs from Java code, the programmatic form of the {@code tractorun} command.
 *
 * <pre>{@code
 * RunConfig config = RunConfig.builder()
 *         .mesh(Mesh.builder().nodeCount(2).processPerNode(2).build())
 *         .ytPath("//home/me/training")
 *         .local(true)
 *         .build();
 * int epochs = 3;
 * RunInfo info = Tractorun.run(toolbox -> {
 *     Coordinator me = toolbox.coordinator();
 *     ...
 * }, config);
 * }</pre>
 *
 * A function run serializes the function (checked before anything is submitted), ships it with
 * the caller's classpath through the launcher's content-addressed cache, and runs it in one JVM
 * per worker. Both forms return when the operation ends (or, with {@code noWait}, once it runs)
 * and throw {@link TractorunRunException} when it did not succeed.
 */
public final class Tractorun {
    private Tractorun() {
    }

    /** Runs {@code function} on every worker of the mesh; {@code config.command()} is not used. */
    public static RunInfo run(TrainFunction function, RunConfig config) {
        return run(function, config, LaunchEnvironment.system());
    }

    /** {@link #run(TrainFunction, RunConfig)} with an explicit environment (variables, home, output streams). */
    public static RunInfo run(TrainFunction function, RunConfig config, LaunchEnvironment environment) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(environment, "environment");
        byte[] serialized = FunctionPackager.serialize(function);
        Path file = null;
        try {
            file = Files.createTempFile("tractorun-function-", ".bin");
            Files.write(file, serialized);
            LaunchExtras extras = LaunchExtras.none()
                    .withFile(JavaWorkerCommand.FUNCTION_FILE, file)
                    .withWorkerCommand(JavaWorkerCommand.command());
            return launch(config, extras, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the serialized train function: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Runs {@code command} on every worker of the mesh, as the {@code tractorun} command does. */
    public static RunInfo runScript(List<String> command, RunConfig config) {
        return runScript(command, config, LaunchEnvironment.system());
    }

    /** {@link #runScript(List, RunConfig)} with an explicit environment. */
    public static RunInfo runScript(List<String> command, RunConfig config, LaunchEnvironment environment) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(environment, "environment");
        if (command.isEmpty()) {
            throw new TractorunConfigException("command", "must not be empty: give the program each worker runs");
        }
        return launch(config.toBuilder().command(command).build(), LaunchExtras.none(), environment);
    }

    private static RunInfo launch(RunConfig config, LaunchExtras extras, LaunchEnvironment environment) {
        config.requireDockerImageForClusterRun();
        if (config.dryRun()) {
            // Nothing is submitted: the spec as the CLI's dry run shows it, with launch-time values as placeholders.
            RunConfig shown = extras.workerCommand().map(command -> config.toBuilder().command(command).build())
                    .orElse(config);
            return new RunInfo(0, Optional.empty(), config.ytPath(),
                    Optional.of(OperationSpecBuilder.masked(
                            OperationSpecBuilder.build(shown, DryRunLaunchFacts.forConfig(shown)))),
                    OptionalLong.empty());
        }
        LaunchResult result;
        try {
            result = new Launcher(environment).launch(config, extras);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TractorunRunException("interrupted while launching the run in " + config.ytPath(), e);
        } catch (Exception e) {
            throw new TractorunRunException("the run in " + config.ytPath() + " could not be launched: "
                    + e.getMessage(), e);
        }
        RunInfo info = new RunInfo(result.exitCode(), result.operationId(), result.ytPath(), result.spec(),
                result.incarnation());
        if (!info.succeeded()) {
            throw new TractorunRunException(info);
        }
        return info;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the run's outcome matters more.
            file.toFile().deleteOnExit();
        }
    }
}
