package ai.tracto.tractorun.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Python toolbox client module shipped inside tractorun's jar, put where every worker's
 * {@code PYTHONPATH} finds it: {@code <job dir>/.tractorun/python/tractorun_toolbox.py}.
 */
public final class PythonToolbox {
    public static final String MODULE = "tractorun_toolbox.py";
    private static final String RESOURCE = "/ai/tracto/tractorun/python/" + MODULE;

    private PythonToolbox() {}

    /** The directory that goes on {@code PYTHONPATH}. */
    public static Path directory(Path jobDir) {
        return jobDir.toAbsolutePath().normalize().resolve(".tractorun").resolve("python");
    }

    /** Writes the module into {@link #directory(Path)} and returns that directory. */
    public static Path extract(Path jobDir) {
        Path directory = directory(jobDir);
        try (InputStream in = PythonToolbox.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BootstrapException("the tractorun jar lacks its Python toolbox module " + RESOURCE);
            }
            Files.createDirectories(directory);
            Files.copy(in, directory.resolve(MODULE), StandardCopyOption.REPLACE_EXISTING);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Python toolbox module to " + directory, e);
        }
    }
}
