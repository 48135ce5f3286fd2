package ai.tracto.tractorun.launch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a programmatic caller adds to a launch beyond the {@link ai.tracto.tractorun.RunConfig}:
 * extra local files shipped into every job's sandbox (by sandbox file name), and a worker
 * command that replaces the configuration's one (the SDK runs a Java function this way).
 *
 * @param files         sandbox file name to local file; shipped through the same content-addressed cache
 * @param workerCommand what each worker runs instead of {@code RunConfig.command()}
 */
public record LaunchExtras(Map<String, Path> files, Optional<List<String>> workerCommand) {
    public LaunchExtras {
        Objects.requireNonNull(files, "files");
        files.forEach((name, path) -> {
            Objects.requireNonNull(path, "files[" + name + "]");
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("extra file name must be one path segment, got '" + name + "'");
            }
        });
        // Insertion order is kept so the spec's file list is the same from run to run.
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        workerCommand = Objects.requireNonNull(workerCommand, "workerCommand").map(List::copyOf);
        workerCommand.ifPresent(command -> {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("worker command must not be empty");
            }
        });
    }

    /** Nothing extra: the configuration alone. */
    public static LaunchExtras none() {
        return new LaunchExtras(Map.of(), Optional.empty());
    }

    /** A copy that also ships {@code file} into each sandbox as {@code fileName}. */
    public LaunchExtras withFile(String fileName, Path file) {
        Map<String, Path> copy = new LinkedHashMap<>(files);
        copy.put(fileName, file);
        return new LaunchExtras(copy, workerCommand);
    }

    /** A copy whose workers run {@code command} instead of the configuration's command. */
    public LaunchExtras withWorkerCommand(List<String> command) {
        return new LaunchExtras(files, Optional.of(command));
    }
}
