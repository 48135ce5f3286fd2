package ai.tracto.tractorun.toolbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.FunctionNotSerializableException;
import ai.tracto.tractorun.TrainFunction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionPackagerTest {
    /** Deliberately not Serializable. */
    static final class Tokenizer {
        final String vocabulary = "abc";
    }

    /** Serializable, but holding a field that is not. */
    static final class Settings implements java.io.Serializable {
        final Tokenizer tokenizer = new Tokenizer();
    }

    static final List<String> CALLS = new ArrayList<>();

    @Test
    void lambdaCapturingSerializableValuesRoundTripsAndKeepsTheCapturedValues() throws Exception {
        int epochs = 3;
        String label = "run-a";
        TrainFunction function = toolbox -> CALLS.add(label + ":" + epochs);

        byte[] bytes = FunctionPackager.serialize(function);
        TrainFunction copy = FunctionPackager.deserialize(new ByteArrayInputStream(bytes),
                getClass().getClassLoader());
        CALLS.clear();
        copy.train(null);

        assertThat(CALLS).containsExactly("run-a:3");
    }

    @Test
    void lambdaCapturingANonSerializableValueFailsNamingItsType() {
        Tokenizer tokenizer = new Tokenizer();
        TrainFunction function = toolbox -> CALLS.add(tokenizer.vocabulary);

        assertThatThrownBy(() -> FunctionPackager.serialize(function))
                .isInstanceOf(FunctionNotSerializableException.class)
                .hasMessageStartingWith("the train function cannot be serialized: it captures a value of type "
                        + Tokenizer.class.getName() + ", which is not Serializable")
                .satisfies(e -> assertThat(((FunctionNotSerializableException) e).offendingType())
                        .isEqualTo(Tokenizer.class.getName()));
    }

    @Test
    void nonSerializableFieldDeepInsideACapturedValueIsNamed() {
        Settings settings = new Settings();
        TrainFunction function = toolbox -> CALLS.add(settings.tokenizer.vocabulary);

        assertThatThrownBy(() -> FunctionPackager.serialize(function))
                .isInstanceOf(FunctionNotSerializableException.class)
                .extracting(e -> ((FunctionNotSerializableException) e).offendingType())
                .isEqualTo(Tokenizer.class.getName());
    }

    @Test
    void lambdaUsingAnInstanceMemberOfANonSerializableClassNamesTheEnclosingClass() {
        assertThatThrownBy(() -> FunctionPackager.serialize(new Trainer().function()))
                .isInstanceOf(FunctionNotSerializableException.class)
                .hasMessageContaining("a value of type " + Trainer.class.getName() + ",");
    }

    @Test
    void writtenFunctionIsReadBackFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("function.bin");
        String greeting = "hello";
        FunctionPackager.write(toolbox -> CALLS.add(greeting), file);

        TrainFunction copy = FunctionPackager.read(file, getClass().getClassLoader());
        CALLS.clear();
        copy.train(null);

        assertThat(CALLS).containsExactly("hello");
    }

    @Test
    void readingSomethingThatIsNotAFunctionFailsSayingWhatItWas() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject("just a string");
        }

        assertThatThrownBy(() -> FunctionPackager.deserialize(new ByteArrayInputStream(bytes.toByteArray()),
                getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessage("the serialized value is a java.lang.String, not a " + TrainFunction.class.getName());
    }

    /** Not serializable; its lambda reads an instance field and so captures {@code this}. */
    static final class Trainer {
        private final int steps = 5;

        TrainFunction function() {
            return toolbox -> CALLS.add("steps " + steps);
        }
    }
}
