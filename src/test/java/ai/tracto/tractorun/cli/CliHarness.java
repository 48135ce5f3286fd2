package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.config.LoadedConfig;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs the tractorun command in-process with an injected environment, directory, id and streams. */
final class CliHarness {
    static final UUID FIXED_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private final Map<String, String> environment;
    private final Path workingDirectory;

    CliHarness(Map<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    record Result(int exitCode, String out, String err, List<RunConfig> executed) {}

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<RunConfig> executed = new ArrayList<>();
        TractorunCommand command = new TractorunCommand(environment, workingDirectory, () -> FIXED_ID,
                config -> {
                    executed.add(config);
                    return 0;
                });
        int code = TractorunCommand.commandLine(command, new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString(), executed);
    }

    /** Parses and merges without running, the way {@code call()} would. */
    LoadedConfig load(String... args) {
        TractorunCommand command = new TractorunCommand(environment, workingDirectory, () -> FIXED_ID,
                config -> 0);
        CommandLine commandLine = TractorunCommand.commandLine(command, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        commandLine.parseArgs(args);
        return command.load();
    }
}
