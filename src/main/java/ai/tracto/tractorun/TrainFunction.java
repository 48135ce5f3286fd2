package ai.tracto.tractorun;

import java.io.Serializable;

/**
 * The code every worker of a Java run executes. The function, with everything it captures, is
 * serialized on the caller's machine and deserialized in each worker, so captured values must
 * be {@link Serializable}; {@code Tractorun.run} checks that before it submits anything.
 *
 * <pre>{@code
 * int epochs = 3;
 * TrainFunction train = toolbox -> {
 *     for (int epoch = 0; epoch < epochs; epoch++) { ... }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TrainFunction extends Serializable {
    void train(Toolbox toolbox) throws Exception;
}
