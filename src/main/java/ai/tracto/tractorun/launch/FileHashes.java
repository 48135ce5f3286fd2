package ai.tracto.tractorun.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 of the files a launch ships. The hash of a file that outlives launches (the tractorun
 * jar, the cached Java runtime) is remembered in a directory, keyed by what build tools use to
 * tell a changed file: its path, its identity on the file system (device and inode), its size and
 * its modification time to the nanosecond. Hashing the 4 MiB jar takes a starting JVM about 80 ms,
 * and the runtime archive ten times as long, on every launch.
 */
final class FileHashes {
    private static final HexFormat HEX = HexFormat.of();

    private final Path directory;

    FileHashes(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The hash of {@code file}, computed now. */
    static String compute(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HEX.formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The hash of {@code text}'s UTF-8 bytes. */
    static String ofText(String text) {
        return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The hash of {@code file}, remembered from an earlier launch when the file is unchanged since;
     * computed (and remembered) otherwise.
     */
    String ofLasting(Path file) {
        Optional<String> key = identity(file);
        if (key.isEmpty()) {
            return compute(file);
        }
        Path entry = directory.resolve(key.get());
        Optional<String> remembered = read(entry);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        String hash = compute(file);
        // A file rewritten while it was hashed has another identity now: the hash is then not remembered.
        if (identity(file).equals(key)) {
            remember(entry, hash);
        }
        return hash;
    }

    private static Optional<String> identity(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.fileKey() == null || !attributes.isRegularFile()) {
                return Optional.empty();
            }
            String identity = file.toAbsolutePath().normalize() + "\n" + attributes.fileKey() + "\n"
                    + attributes.size() + "\n" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return Optional.of(ofText(identity));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> read(Path entry) {
        try {
            String hash = Files.readString(entry, StandardCharsets.US_ASCII).strip();
            return hash.matches("[0-9a-f]{64}") ? Optional.of(hash) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Written whole under a private name and moved into place: a concurrent launch never reads half of it. */
    private void remember(Path entry, String hash) {
        Path temporary = directory.resolve(".write-" + UUID.randomUUID());
        try {
            Files.createDirectories(directory);
            Files.writeString(temporary, hash + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Not remembered: the next launch hashes the file again, nothing worse.
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // A stray temporary file is never read as an entry (its name is no hash).
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
