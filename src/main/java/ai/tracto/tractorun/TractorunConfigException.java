package ai.tracto.tractorun;

import java.util.Objects;
import java.util.Optional;

/**
 * A configuration value is wrong. The message is one line that names the option (CLI flag,
 * YAML key path or Java field), the bad value and what was expected.
 *
 * <p>Unchecked, and an {@link IllegalArgumentException}, so that record constructors can throw
 * it and callers who build configurations in code are not forced into try blocks.
 */
public class TractorunConfigException extends IllegalArgumentException {
    private final String option;
    private final String value;

    /** {@code <option>: <problem>}, for problems that are not about one bad value. */
    public TractorunConfigException(String option, String problem) {
        super(option + ": " + problem);
        this.option = Objects.requireNonNull(option, "option");
        this.value = null;
    }

    /** {@code <option>: invalid value '<value>', expected <expectation>}. */
    public TractorunConfigException(String option, String value, String expectation) {
        super(option + ": invalid value '" + abbreviate(value) + "', expected " + expectation);
        this.option = Objects.requireNonNull(option, "option");
        this.value = value;
    }

    /** The option as the user wrote it: {@code --mesh.node-count}, {@code mesh.node_count (run.yaml line 3)}. */
    public String option() {
        return option;
    }

    /** The offending value, when the problem is about one value. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** Keeps messages on one readable line even for a pasted multi-line JSON document. */
    private static String abbreviate(String value) {
        String oneLine = String.valueOf(value).replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
