package ai.tracto.tractorun.job.supervise;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Process groups and trees on Linux.
 *
 * <p>Each supervised process is started through {@code setsid}, so it leads a new session and
 * process group whose id is its pid (a child of the JVM is never a group leader, so
 * {@code setsid} execs in place rather than forking). Stopping a process then means signalling
 * two overlapping sets: the whole group with {@code kill -s SIG -- -<pgid>} (atomic, and it
 * reaches children that were reparented to init when their parent exited), and each member of a
 * snapshot of the tree ({@link ProcessHandle#descendants()}, taken before signalling because
 * children reparent as soon as their parent dies) with {@link ProcessHandle#destroy()} (SIGTERM)
 * or {@link ProcessHandle#destroyForcibly()} (SIGKILL), which reaches descendants that moved to
 * a group of their own. Without {@code setsid} only the tree part is done.
 */
final class ProcessTrees {
    static final Optional<Path> SETSID = onPath("setsid");
    private static final Optional<Path> KILL = onPath("kill");

    private ProcessTrees() {}

    /** The command that runs {@code command} in a new process group, where that is possible. */
    static List<String> inOwnGroup(List<String> command) {
        if (SETSID.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add(SETSID.get().toString());
        // --wait only matters if setsid had to fork: the exit code then still comes from the command.
        wrapped.add("--wait");
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean groupsSupported() {
        return SETSID.isPresent();
    }

    /**
     * The live processes of the tree under {@code root} and of its group ({@code groupMembers},
     * from {@link #groupMembers(Collection)}), root first.
     */
    static List<ProcessHandle> snapshot(ProcessHandle root, List<ProcessHandle> groupMembers) {
        Map<Long, ProcessHandle> members = new LinkedHashMap<>();
        if (root.isAlive()) {
            members.put(root.pid(), root);
        }
        root.descendants().forEach(p -> members.putIfAbsent(p.pid(), p));
        for (ProcessHandle member : groupMembers) {
            // A member already in the tree brought its own descendants along; only one that left
            // the tree (reparented) needs another pass over /proc.
            if (members.putIfAbsent(member.pid(), member) == null) {
                member.descendants().forEach(p -> members.putIfAbsent(p.pid(), p));
            }
        }
        return List.copyOf(members.values());
    }

    /**
     * Sends SIGTERM ({@code forcibly} false) or SIGKILL to every group in {@code pgids} (one
     * {@code kill} for all of them, so a gang is stopped at once, not one member after another)
     * and to every handle.
     */
    static void signal(Collection<Long> pgids, List<ProcessHandle> members, boolean forcibly) {
        if (!pgids.isEmpty()) {
            signalGroups(pgids, forcibly ? "KILL" : "TERM");
        }
        for (ProcessHandle member : members) {
            if (member.isAlive()) {
                if (forcibly) {
                    member.destroyForcibly();
                } else {
                    member.destroy();
                }
            }
        }
    }

    private static void signalGroups(Collection<Long> pgids, String signal) {
        if (KILL.isPresent()) {
            List<String> command = new ArrayList<>(List.of(KILL.get().toString(), "-s", signal, "--"));
            pgids.forEach(pgid -> command.add("-" + pgid));
            try {
                Process kill = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                    kill.destroyForcibly();
                }
                return;
            } catch (IOException e) {
                // Fall through to signalling the members one by one.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        groupMembers(pgids).values().forEach(group -> group.forEach(member -> {
            if (signal.equals("KILL")) {
                member.destroyForcibly();
            } else {
                member.destroy();
            }
        }));
    }

    /**
     * The live (non-zombie) processes of each of the groups {@code pgids}, from one pass over
     * /proc; a group without members maps to an empty list.
     */
    static Map<Long, List<ProcessHandle>> groupMembers(Collection<Long> pgids) {
        Map<Long, List<ProcessHandle>> members = new HashMap<>();
        pgids.forEach(pgid -> members.put(pgid, new ArrayList<>()));
        Path proc = Path.of("/proc");
        if (pgids.isEmpty() || !Files.isDirectory(proc)) {
            return members;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                Optional<ProcStat> stat = stat(entry.resolve("stat"));
                if (stat.isPresent() && !stat.get().zombie()) {
                    List<ProcessHandle> group = members.get(stat.get().processGroup());
                    if (group != null) {
                        ProcessHandle.of(Long.parseLong(entry.getFileName().toString())).ifPresent(group::add);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc changes under us; a partial answer is still the best available.
        }
        return members;
    }

    /** Whether the process is gone or only a zombie nobody reaps (e.g. under a pid 1 that never waits). */
    static boolean isDead(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        Optional<ProcStat> stat = stat(Path.of("/proc", Long.toString(handle.pid()), "stat"));
        return stat.isPresent() && stat.get().zombie();
    }

    /** What tractorun reads of {@code /proc/<pid>/stat}: the state letter and the process group. */
    private record ProcStat(char state, long processGroup) {
        boolean zombie() {
            return state == 'Z';
        }
    }

    /**
     * Reads the fields after the command's closing parenthesis, {@code state ppid pgrp ...}, from
     * the bytes: a scan reads every process's file, at the moment a node is finishing.
     */
    private static Optional<ProcStat> stat(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        int close = bytes.length - 1;
        while (close >= 0 && bytes[close] != ')') {
            close--;
        }
        int state = close + 2;
        int ppid = state + 2;
        int pgrp = ppid;
        while (pgrp < bytes.length && bytes[pgrp] != ' ') {
            pgrp++;
        }
        pgrp++;
        if (close < 0 || pgrp >= bytes.length) {
            return Optional.empty();
        }
        long group = 0;
        for (int i = pgrp; i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            group = group * 10 + (bytes[i] - '0');
        }
        return Optional.of(new ProcStat((char) bytes[state], group));
    }

    /**
     * Fails like {@code execvp} would when {@code program} cannot be run, because behind
     * {@code setsid} that failure would only show as an exit code of 1.
     *
     * @param searchPath the PATH of the child's environment
     */
    static void requireExecutable(String program, String searchPath, Path directory) throws IOException {
        if (program.contains("/")) {
            Path file = directory.resolve(program);
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                throw new IOException("no executable file " + program);
            }
            return;
        }
        if (find(program, searchPath).isEmpty()) {
            throw new IOException("command " + program + " not found on PATH " + searchPath);
        }
    }

    private static Optional<Path> onPath(String name) {
        return find(name, System.getenv("PATH"));
    }

    private static Optional<Path> find(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
