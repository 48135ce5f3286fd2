package ai.tracto.tractorun;

import java.util.Objects;

/**
 * A {@link TrainFunction} cannot be shipped to the workers because something it captures is
 * not {@link java.io.Serializable}. Thrown before anything is submitted.
 */
public class FunctionNotSerializableException extends IllegalArgumentException {
    private final String offendingType;

    public FunctionNotSerializableException(String offendingType, Throwable cause) {
        super("the train function cannot be serialized: it captures a value of type " + offendingType
                + ", which is not Serializable; make that type Serializable, mark the field transient, or create"
                + " the value inside the function (a lambda that uses an instance field or method captures the"
                + " enclosing object too)", cause);
        this.offendingType = Objects.requireNonNull(offendingType, "offendingType");
    }

    /** The class name of the value that could not be serialized. */
    public String offendingType() {
        return offendingType;
    }
}
