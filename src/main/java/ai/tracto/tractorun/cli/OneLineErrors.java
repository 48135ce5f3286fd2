package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.TractorunConfigException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The single error format of every command: one line {@code <command>: <message>} on stderr,
 * no stack trace, and an exit code that says whose fault it was.
 */
public final class OneLineErrors implements CommandLine.IParameterExceptionHandler,
        CommandLine.IExecutionExceptionHandler {
    private final String commandName;

    private OneLineErrors(String commandName) {
        this.commandName = commandName;
    }

    /** Installs this format on {@code commandLine} for both bad flags and failures while running. */
    public static CommandLine install(CommandLine commandLine) {
        OneLineErrors errors = new OneLineErrors(commandLine.getCommandName());
        return commandLine.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        print(e.getCommandLine().getErr(), e.getMessage() + " (see " + commandName + " --help)");
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof TractorunConfigException) {
            print(commandLine.getErr(), e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof InterruptedException) {
            print(commandLine.getErr(), "interrupted");
            return ExitCodes.INTERRUPTED;
        }
        String message = e.getMessage();
        print(commandLine.getErr(), e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        return ExitCodes.FAILURE;
    }

    private void print(PrintWriter err, String message) {
        err.println(commandName + ": " + String.valueOf(message).replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
        err.flush();
    }
}
