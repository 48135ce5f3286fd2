package ai.tracto.tractorun.config;

import ai.tracto.tractorun.RunConfig;
import ai.tracto.tractorun.launch.DryRunLaunchFacts;
import ai.tracto.tractorun.launch.OperationSpecBuilder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code --dry-run} prints: every option's effective value with the layer it came from,
 * and the operation spec a launch would submit, secrets masked.
 */
public final class DryRunReport {
    private DryRunReport() {}

    public static ObjectNode of(LoadedConfig loaded) {
        RunConfig config = loaded.config();
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        ObjectNode options = report.putObject("config");
        for (ConfigKey key : ConfigKey.values()) {
            ObjectNode option = options.putObject(key.yamlPath());
            option.set("value", key.describe(config));
            option.put("source", loaded.source(key).wireName());
        }
        report.put("operation_type", OperationSpecBuilder.OPERATION_TYPE);
        report.set("operation_spec", OperationSpecBuilder.masked(
                OperationSpecBuilder.build(config, DryRunLaunchFacts.forConfig(config))));
        return report;
    }
}
