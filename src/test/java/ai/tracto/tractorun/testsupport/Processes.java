package ai.tracto.tractorun.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Finds the processes a test started, so that it can assert none outlives it: those of an
 * operation through /proc (every job process, and whatever it forks, setsid'ed or not, carries
 * {@code YT_OPERATION_ID} in its environment), or any whose command line has a marker.
 */
public final class Processes {
    private Processes() {}

    /** Live processes (not zombies) whose environment names the operation. */
    public static List<Long> of(String operationId) {
        byte[] marker = ("YT_OPERATION_ID=" + operationId).getBytes(StandardCharsets.US_ASCII);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    byte[] environ = Files.readAllBytes(entry.resolve("environ"));
                    if (contains(environ, marker) && !isZombie(entry)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException | SecurityException e) {
                    // the process ended or is not ours
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return pids;
    }

    /** The command lines and states of {@code pids}, for assertion messages. */
    public static String describe(List<Long> pids) {
        StringBuilder text = new StringBuilder();
        for (long pid : pids) {
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                text.append(pid).append(": ").append(cmdline.length() > 120 ? cmdline.substring(0, 120) : cmdline)
                        .append(" [").append(stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3))
                        .append("]\n");
            } catch (IOException e) {
                text.append(pid).append(": gone\n");
            }
        }
        return text.toString();
    }

    /** Polls {@code condition} until true or a generous deadline passes; returns the last result. */
    public static boolean eventually(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private static boolean isZombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        // environ is NUL-separated; match whole entries only
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            int end = i + needle.length;
            if (end == haystack.length || haystack[end] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Processes whose command line contains {@code marker}, other than this JVM. */
    public static List<String> withCommandLine(String marker) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker))
                .toList();
    }

    /** Waits for {@code condition}; the deadline only keeps a broken run from hanging the build. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
