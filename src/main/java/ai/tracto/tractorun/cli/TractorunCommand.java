package ai.tracto.tractorun.cli;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.config.CliArguments;
import ai.tracto.tractorun.config.ConfigKey;
import ai.tracto.tractorun.config.ConfigKeys;
import ai.tracto.tractorun.config.ConfigLoader;
import ai.tracto.tractorun.config.DryRunReport;
import ai.tracto.tractorun.config.LoadedConfig;
import ai.tracto.tractorun.launch.RunExecutor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code tractorun [options] COMMAND...}: reads the options, then either prints the dry-run report
 * or hands the configuration to the {@link RunExecutor}. Flags are kept as raw text here; reading
 * and validating them is the {@code config} package's job, so flags and YAML share one rule set.
 *
 * <p>The flags are made from {@link ConfigKey} (each with its {@link Flag}) through picocli's
 * programmatic API rather than annotated fields: one table instead of a field and a copy per
 * option, and no annotation reading at start-up, which costs a launch tens of milliseconds.
 */
public final class TractorunCommand implements Callable<Integer> {
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Supplier<UUID> ids;
    private final RunExecutor executor;
    private final CommandSpec spec;
    private final OptionSpec runConfigPath;
    private final Map<ConfigKey, OptionSpec> flags = new EnumMap<>(ConfigKey.class);
    private final PositionalParamSpec command;

    /**
     * @param environment      the process environment
     * @param workingDirectory what relative local paths are relative to
     * @param ids              source of the id in the default training directory
     * @param executor         what runs a configuration that is not a dry run
     */
    public TractorunCommand(Map<String, String> environment, Path workingDirectory, Supplier<UUID> ids,
                            RunExecutor executor) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.spec = CommandSpec.wrapWithoutInspection(this).name("tractorun").versionProvider(new VersionProvider());
        spec.usageMessage().sortOptions(false).autoWidth(true)
                .description("Runs COMMAND as a gang of processes on a YTsaurus cluster (or on this host with"
                        + " --local).", "Everything from COMMAND on is the user's command, its own flags included.")
                .footer("", "Precedence: flags > --run-config-path YAML > environment (YT_BASE_LAYER,"
                        + " YT_JOB_DOCKER_IMAGE) > defaults.");
        this.command = PositionalParamSpec.builder().paramLabel(Flag.of(ConfigKey.COMMAND).label()).arity("0..*")
                .type(List.class).auxiliaryTypes(String.class)
                .description(Flag.of(ConfigKey.COMMAND).description()).build();
        spec.addPositional(command);
        this.runConfigPath = OptionSpec.builder(ConfigKeys.RUN_CONFIG_PATH).paramLabel("FILE").type(String.class)
                .description("YAML file with options (keys as in the docs).").build();
        spec.addOption(runConfigPath);
        for (ConfigKey key : ConfigKey.values()) {
            if (key != ConfigKey.COMMAND) {
                OptionSpec option = option(Flag.of(key));
                flags.put(key, option);
                spec.addOption(option);
            }
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    private static OptionSpec option(Flag flag) {
        OptionSpec.Builder option = OptionSpec.builder(flag.key().cliName()).paramLabel(flag.label())
                .description(flag.description());
        return switch (flag.shape()) {
            case SINGLE -> option.type(String.class).build();
            case REPEATED -> option.type(List.class).auxiliaryTypes(String.class).build();
            case COMMA_SEPARATED -> option.type(List.class).auxiliaryTypes(String.class).splitRegex(",").build();
            // Typed Boolean, so that picocli takes the next word as the value only when it is one.
            case OPTIONAL_BOOLEAN -> option.type(Boolean.class).arity("0..1").fallbackValue("true").build();
        };
    }

    /**
     * The command line, configured as every entry point and test uses it: the first positional
     * argument ends tractorun's options, and errors print one line.
     */
    public static CommandLine commandLine(TractorunCommand command, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(command.spec)
                .setStopAtPositional(true)
                .setOut(out)
                .setErr(err);
        return OneLineErrors.install(commandLine);
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded = load();
        RunConfig config = loaded.config();
        if (config.dryRun()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(DryRunReport.of(loaded)));
            out.flush();
            return ExitCodes.OK;
        }
        return executor.run(config);
    }

    /** Reads and validates the parsed flags; separate from {@link #call()} so tests can compare configurations. */
    LoadedConfig load() {
        return new ConfigLoader(environment, workingDirectory, ids).load(arguments());
    }

    private CliArguments arguments() {
        Map<ConfigKey, List<String>> values = new EnumMap<>(ConfigKey.class);
        flags.forEach((key, option) -> {
            Object value = option.getValue();
            if (value instanceof List<?> items) {
                values.put(key, items.stream().map(String::valueOf).toList());
            } else if (value != null) {
                values.put(key, List.of(String.valueOf(value)));
            }
        });
        List<String> words = command.getValue();
        return new CliArguments(values, words == null ? List.of() : words,
                Optional.ofNullable(runConfigPath.getValue()));
    }
}
