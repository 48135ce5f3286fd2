package ai.tracto.tractorun.job.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process groups as /proc tells them, read from each process's stat line. */
class ProcessTreesTest {
    @TempDir
    Path dir;

    @Test
    void aGroupHasItsLeaderAndChildrenUntilTheyAreKilled() throws Exception {
        assumeTrue(ProcessTrees.groupsSupported() && Files.isDirectory(Path.of("/proc")), "needs setsid and /proc");
        // A name with spaces and parentheses: the stat line's fields start after the last ')'.
        Path sleeper = dir.resolve("a) b (c");
        Files.createSymbolicLink(sleeper, Path.of("/bin/sleep"));
        Process leader = new ProcessBuilder(ProcessTrees.inOwnGroup(List.of("/bin/bash", "-c",
                "'" + sleeper + "' 30 & '" + sleeper + "' 30"))).start();
        try {
            long pgid = leader.pid();
            // bash and the backgrounded sleeper; bash may run the last command in its own place.
            awaitGroup(pgid, members -> members.size() >= 2);
            assertThat(ProcessTrees.groupMembers(List.of(pgid)).get(pgid))
                    .extracting(ProcessHandle::pid).contains(pgid).hasSizeGreaterThanOrEqualTo(2);
            // Found through its stat line despite the parentheses in its name.
            assertThat(ProcessTrees.groupMembers(List.of(pgid)).get(pgid)).anySatisfy(member ->
                    assertThat(Files.readString(Path.of("/proc", Long.toString(member.pid()), "stat")))
                            .contains("(a) b (c)"));
            assertThat(ProcessTrees.groupMembers(List.of(pgid + 1_000_000L)).get(pgid + 1_000_000L)).isEmpty();
        } finally {
            new ProcessBuilder("kill", "-KILL", "--", "-" + leader.pid()).start().waitFor(10, TimeUnit.SECONDS);
            leader.waitFor(10, TimeUnit.SECONDS);
        }
        awaitGroup(leader.pid(), List::isEmpty);
        assertThat(ProcessTrees.groupMembers(List.of(leader.pid())).get(leader.pid())).isEmpty();
    }

    /** Polls the group's members (for at most 10 s) until {@code done} holds for them. */
    private static void awaitGroup(long pgid, Predicate<List<ProcessHandle>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(ProcessTrees.groupMembers(List.of(pgid)).get(pgid)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
