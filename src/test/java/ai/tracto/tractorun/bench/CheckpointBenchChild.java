package ai.tracto.tractorun.bench;

import ai.tracto.tractorun.toolbox.Checkpoint;
import ai.tracto.tractorun.toolbox.CheckpointManager;
import ai.tracto.tractorun.yt.YtClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The measured side of benchmark 4, in a JVM of its own with a small heap:
 * {@code <proxy> <yt_path> <source file> <scratch file>}. Prints
 * {@code copy|durable-copy|direct-copy|save|load <seconds> <peak heap bytes>}. The durable copy is
 * the copy followed by a sync of the new file to disk, as a saved checkpoint is synced before it
 * counts as saved; the direct copy writes past the page cache straight to the disk, then syncs (it
 * is left out where the file system has no direct I/O). Both are references for what the disk
 * allows, not the baseline.
 *
 * <p>Each timed step writes a new file of the checkpoint's size (the copy, the blob, the loaded
 * file), so each needs that much fresh page cache. On a virtual machine whose free memory goes
 * back to the host, writing into memory the guest has not used lately is several times slower
 * than writing into memory just freed (256 MiB: about 1 s against 0.07 s for the same
 * {@code dd}). Without care the steps would meet memory in different states: the copy the pages
 * the previous step had just freed, the load pages nobody had used, and the figures would compare
 * those states rather than the code. So before each step a file of the same size is written and
 * removed, untimed: every step starts with as much just-freed memory as it needs.
 */
public final class CheckpointBenchChild {
    /** Pieces of the direct-I/O copy: large, as direct writes wait for the disk one by one. */
    private static final int DIRECT_PIECE = 8 << 20;

    private CheckpointBenchChild() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[2]);
        Path scratch = Path.of(args[3]);
        long size = Files.size(source);
        try (YtClient yt = YtClient.builder().proxy(args[0]).build();
             CheckpointManager manager = new CheckpointManager(yt, args[1])) {
            prepare(scratch, size);
            long start = System.nanoTime();
            Files.copy(source, scratch, StandardCopyOption.REPLACE_EXISTING);
            report("copy", start);
            Files.delete(scratch);

            prepare(scratch, size);
            start = System.nanoTime();
            Files.copy(source, scratch);
            try (FileChannel copied = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
                copied.force(true);
            }
            report("durable-copy", start);
            Files.delete(scratch);

            prepare(scratch, size);
            start = System.nanoTime();
            if (directCopy(source, scratch)) {
                report("direct-copy", start);
            }
            Files.deleteIfExists(scratch);

            // The first call of a fresh JVM loads the client's classes and opens its connection
            // (about 0.1 s); a trainer pays that once per process, not per checkpoint, so it is
            // paid here, untimed. Nothing is saved yet, so this lists an empty directory.
            manager.lastCheckpoint();
            prepare(scratch, size);
            start = System.nanoTime();
            manager.saveCheckpoint(source, JsonNodeFactory.instance.objectNode().put("bench", true))
                    .get(30, TimeUnit.MINUTES);
            report("save", start);

            prepare(scratch, size);
            start = System.nanoTime();
            Checkpoint last = manager.lastCheckpoint().orElseThrow();
            last.copyValueTo(scratch);
            report("load", start);
            if (Files.size(scratch) != Files.size(source) || Files.mismatch(source, scratch) != -1) {
                throw new IllegalStateException("the loaded checkpoint differs from the saved file");
            }
            Files.delete(scratch);
        }
        System.out.println("max-heap " + Runtime.getRuntime().maxMemory());
    }

    /**
     * Copies {@code source} to a new {@code target} with direct I/O (the page cache is bypassed, so
     * each write reaches the disk) and syncs it: on some disks the fastest durable write there is.
     * Returns false, leaving nothing behind, where the file system or the file's size does not
     * allow direct I/O.
     */
    private static boolean directCopy(Path source, Path target) throws Exception {
        int block = Math.toIntExact(Files.getFileStore(source.toAbsolutePath().getParent()).getBlockSize());
        if (Files.size(source) % block != 0) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(DIRECT_PIECE + block).alignedSlice(block);
        FileChannel out;
        try {
            out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException | IOException e) {
            Files.deleteIfExists(target);
            return false;
        }
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ); out) {
            while (in.read(buffer.clear()) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        return true;
    }

    /** Leaves {@code size} bytes of just-freed memory to the next step (see above); resets the heap peaks. */
    private static void prepare(Path scratch, long size) throws Exception {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel out = FileChannel.open(scratch, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                written += out.write(zeros);
            }
        }
        Files.delete(scratch);
        resetPeaks();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static void report(String what, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        System.out.println(what + " " + seconds + " " + peak);
    }
}
