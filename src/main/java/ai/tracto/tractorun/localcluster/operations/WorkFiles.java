package ai.tracto.tractorun.localcluster.operations;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished operation no longer needs on disk: the files staged for its jobs and every
 * job's sandbox. An exec node cleans a job's slot once the job is over; what stays is the
 * operation's record and each job's stderr. Without this, every local run would leave a copy of
 * its jars behind for good.
 */
final class WorkFiles {
    private static final Logger LOG = LoggerFactory.getLogger(WorkFiles.class);
    static final String STAGED_FILES = "files";
    static final String SANDBOX = "sandbox";

    private WorkFiles() {
    }

    /** Removes the staged files and the job sandboxes under {@code operationDirectory}; a failure is only logged. */
    static void removeUnder(Path operationDirectory) {
        removeTree(operationDirectory.resolve(STAGED_FILES));
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(operationDirectory, Files::isDirectory)) {
            for (Path job : jobs) {
                removeTree(job.resolve(SANDBOX));
            }
        } catch (NoSuchFileException e) {
            // Nothing was ever staged or started.
        } catch (IOException e) {
            LOG.warn("Cannot list the jobs of {}: {}", operationDirectory, e.toString());
        }
    }

    /** Deletes {@code root} and everything in it, read-only directories a job left behind included. */
    private static void removeTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    // A job may have made a directory read-only; its entries could not be removed then.
                    dir.toFile().setWritable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", root, e.toString());
        }
    }
}
