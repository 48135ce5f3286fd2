package ai.tracto.tractorun.localcluster.operations;

import java.util.List;
import java.util.Map;

/** A validated vanilla task: what each of its {@code jobCount} jobs runs and with what. */
record TaskSpec(
        String name,
        String command,
        int jobCount,
        List<FileArtifact> files,
        Map<String, String> environment,
        int portCount,
        long maxStderrSize,
        boolean redirectStdoutToStderr) {

    TaskSpec {
        files = List.copyOf(files);
        environment = Map.copyOf(environment);
    }
}
