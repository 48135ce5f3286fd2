package ai.tracto.tractorun.toolbox;

import ai.tracto.tractorun.FunctionNotSerializableException;
import ai.tracto.tractorun.TrainFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns a {@link TrainFunction} into bytes on the caller's machine and back into a function in
 * each worker, with Java serialization: a lambda targeting {@code TrainFunction} is
 * serializable, and so is everything it captures as long as the captured types are.
 */
public final class FunctionPackager {
    private FunctionPackager() {
    }

    /**
     * The serialized function.
     *
     * @throws FunctionNotSerializableException naming the captured type that is not serializable
     */
    public static byte[] serialize(TrainFunction function) {
        Objects.requireNonNull(function, "function");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(function);
        } catch (NotSerializableException e) {
            // Its message is the class name of the value that was not serializable.
            throw new FunctionNotSerializableException(e.getMessage(), e);
        } catch (InvalidClassException e) {
            throw new FunctionNotSerializableException(e.classname == null ? e.getMessage() : e.classname, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the train function: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@link #serialize(TrainFunction)} to {@code file}. */
    public static void write(TrainFunction function, Path file) {
        byte[] bytes = serialize(function);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the train function to " + file, e);
        }
    }

    /** Reads a function written by {@link #write}, resolving classes with {@code loader}. */
    public static TrainFunction read(Path file, ClassLoader loader) {
        try (InputStream in = Files.newInputStream(file)) {
            return deserialize(in, loader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the train function from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads one serialized function from {@code in}. */
    public static TrainFunction deserialize(InputStream in, ClassLoader loader) throws IOException {
        Objects.requireNonNull(loader, "loader");
        try (ObjectInputStream objects = new LoaderObjectInputStream(in, loader)) {
            Object value = objects.readObject();
            if (!(value instanceof TrainFunction function)) {
                throw new IOException("the serialized value is a " + (value == null ? "null" : value.getClass().getName())
                        + ", not a " + TrainFunction.class.getName());
            }
            return function;
        } catch (ClassNotFoundException e) {
            throw new IOException("class " + e.getMessage() + " of the train function is not on the worker's"
                    + " classpath", e);
        }
    }

    /** Resolves classes with a given loader rather than the caller's: the worker's classpath holds the user's classes. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }
}
