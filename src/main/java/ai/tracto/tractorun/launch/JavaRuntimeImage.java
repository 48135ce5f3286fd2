package ai.tracto.tractorun.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A minimal Java runtime for jobs whose image has no Java 17+, built by {@code jlink} from the
 * launcher's own JDK and kept as a {@code .tar.gz} under the local cache, one per JDK build:
 * the first launch pays for {@code jlink}, every later one reuses the archive (and the upload
 * cache then reuses its upload).
 */
final class JavaRuntimeImage {
    /** The modules tractorun needs (as {@code jdeps} reports for it and its libraries), plus TLS ciphers. */
    static final List<String> MODULES = List.of("java.base", "java.desktop", "java.logging", "java.management",
            "java.naming", "java.net.http", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.httpserver",
            "jdk.unsupported");
    /** The runtime's file name in the sandbox. */
    static final String SANDBOX_NAME = "tractorun-java-runtime.tar.gz";

    private JavaRuntimeImage() {}

    /**
     * The cached runtime archive for this JVM, built when missing; empty when this JVM cannot
     * build one that a Linux job could run (not Linux, or no {@code jlink}/{@code jmods}).
     */
    static Optional<Path> obtain(Path cacheDirectory, LaunchEnvironment environment) {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jlink = javaHome.resolve("bin").resolve("jlink");
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (!linux || !Files.isExecutable(jlink) || !Files.isDirectory(javaHome.resolve("jmods"))) {
            return Optional.empty();
        }
        Path archive = cacheDirectory.resolve("runtime").resolve(key() + ".tar.gz");
        if (Files.isRegularFile(archive)) {
            return Optional.of(archive);
        }
        environment.say("tractorun: building a Java runtime for jobs without Java 17 (jlink, once per JDK)...");
        try {
            Files.createDirectories(archive.getParent());
            Path work = Files.createTempDirectory(archive.getParent(), ".build-");
            try {
                Path image = work.resolve("image");
                link(jlink, image);
                Path partial = work.resolve("runtime.tar.gz");
                TarGzWriter.write(image, partial);
                moveIntoPlace(partial, archive);
            } finally {
                deleteRecursively(work);
            }
            return Optional.of(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the job Java runtime under " + archive.getParent()
                    + ": " + e.getMessage(), e);
        }
    }

    /** One archive per JDK build and platform: {@code 17.0.15+6-Debian-1deb12u1-amd64}. */
    static String key() {
        String raw = Runtime.version() + "-" + System.getProperty("java.vendor", "unknown") + "-"
                + System.getProperty("os.arch", "unknown");
        return raw.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    private static void link(Path jlink, Path output) throws IOException {
        List<String> command = List.of(jlink.toString(), "--add-modules", String.join(",", MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--output", output.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output2;
        try {
            output2 = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("jlink did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jlink", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("jlink exited with code " + process.exitValue() + ": " + output2.strip());
        }
    }

    private static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path sibling = target.resolveSibling(".partial-" + UUID.randomUUID());
            Files.copy(source, sibling);
            Files.move(sibling, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Best effort: a leftover temporary file is harmless and never read back.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
