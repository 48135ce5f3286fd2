package ai.tracto.tractorun.launch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a directory as a gzip-compressed POSIX (ustar) tar: the one archive format that almost
 * every job image can unpack without Java (plain {@code tar -xzf}), keeping the executable bits
 * the Java runtime needs. Symbolic links are written as the files they point to.
 */
final class TarGzWriter {
    private static final int BLOCK = 512;

    private TarGzWriter() {}

    static void write(Path directory, Path archive) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(p -> !p.equals(directory)).sorted().toList();
        }
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(archive)), 1 << 16)) {
            for (Path path : paths) {
                String name = directory.relativize(path).toString().replace('\\', '/');
                if (Files.isDirectory(path)) {
                    header(out, name + "/", 0, 0755, '5');
                } else {
                    long size = Files.size(path);
                    header(out, name, size, mode(path), '0');
                    Files.copy(path, out);
                    pad(out, size);
                }
            }
            out.write(new byte[BLOCK * 2]);
        }
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return permissions.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
    }

    private static void header(OutputStream out, String name, long size, int mode, char type) throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        if (nameBytes.length > 100) {
            int slash = name.lastIndexOf('/', name.length() - 2);
            while (slash > 0 && (name.substring(slash + 1).getBytes(StandardCharsets.UTF_8).length > 100
                    || name.substring(0, slash).getBytes(StandardCharsets.UTF_8).length > 155)) {
                slash = name.lastIndexOf('/', slash - 1);
            }
            if (slash <= 0) {
                throw new IOException("path too long for a tar entry: " + name);
            }
            prefix = name.substring(0, slash);
            nameBytes = name.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
        }
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 946684800L);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = (byte) type;
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefixBytes, 0, header, 345, prefixBytes.length);
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        octal(header, 148, 7, checksum);
        header[155] = ' ';
        out.write(header);
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String text = Long.toOctalString(value);
        if (text.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar field of " + length);
        }
        String padded = "0".repeat(length - 1 - text.length()) + text;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
        header[offset + length - 1] = 0;
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int remainder = (int) (size % BLOCK);
        if (remainder != 0) {
            out.write(new byte[BLOCK - remainder]);
        }
    }
}
