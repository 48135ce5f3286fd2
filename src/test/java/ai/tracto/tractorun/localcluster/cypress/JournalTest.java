package ai.tracto.tractorun.localcluster.cypress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal is compacted by size: a directory that gains a child per commit (runs under
 * {@code //tmp/tractorun}) writes itself whole each time, so without compaction the journal
 * grows with the square of the commits while the state grows with their number.
 */
class JournalTest {
    private static final long FLOOR = 4 * 1024;

    @TempDir
    Path dir;

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, NodeDelta> trunk = new LinkedHashMap<>();

    @Test
    void aJournalLongerThanTheSnapshotIsCompactedWhileRunning() throws Exception {
        Journal journal = fresh(FLOOR);
        int compactions = 0;
        for (int i = 0; i < 300; i++) {
            if (addChild(journal, "run-" + i)) {
                journal.rewrite(nodes, trunk);
                compactions++;
            }
        }
        journal.close();

        long snapshot = Files.size(dir.resolve("snapshot.json"));
        long log = Files.size(dir.resolve("journal.log"));
        assertThat(compactions).isGreaterThan(1);
        // Never much more than the snapshot: the last record may cross the line by one record.
        assertThat(log).isLessThanOrEqualTo(Math.max(FLOOR, snapshot) + lastRecordBound(300));
        assertReloadsAs(300);
    }

    @Test
    void aRestartCompactsALongJournalAndKeepsEveryNode() throws Exception {
        Journal big = fresh(Long.MAX_VALUE);
        for (int i = 0; i < 200; i++) {
            assertThat(addChild(big, "run-" + i)).isFalse();
        }
        big.close();
        long uncompacted = Files.size(dir.resolve("journal.log"));

        restarted().close();

        assertThat(uncompacted).isGreaterThan(Files.size(dir.resolve("snapshot.json")));
        assertThat(Files.size(dir.resolve("journal.log"))).isZero();
        assertReloadsAs(200);
    }

    @Test
    void aShortJournalIsAppendedToAfterARestart() throws Exception {
        Journal journal = fresh(FLOOR);
        addChild(journal, "run-0");
        journal.close();
        long before = Files.size(dir.resolve("journal.log"));

        Journal restarted = restarted();
        addChild(restarted, "run-1");
        restarted.close();

        assertThat(Files.size(dir.resolve("journal.log"))).isGreaterThan(before);
        assertReloadsAs(2);
    }

    /** A journal in an empty directory holding only the root, compacted past {@code floor} bytes. */
    private Journal fresh(long floor) {
        Journal journal = new Journal(dir, floor);
        journal.load(nodes, trunk);
        putNode("root", Optional.empty(), "");
        journal.rewrite(nodes, trunk);
        return journal;
    }

    /** The journal as a restarted cluster finds it: loaded from disk, then resumed. */
    private Journal restarted() {
        nodes.clear();
        trunk.clear();
        Journal journal = new Journal(dir, FLOOR);
        journal.load(nodes, trunk);
        journal.resume(nodes, trunk);
        return journal;
    }

    /** One commit: a new child and its parent, written whole. Returns whether compaction is due. */
    private boolean addChild(Journal journal, String key) {
        String id = "id-" + key;
        putNode(id, Optional.of("root"), key);
        trunk.get("root").children.put(key, id);
        return journal.append(List.of(id, "root"), nodes, trunk);
    }

    private void putNode(String id, Optional<String> parent, String key) {
        nodes.put(id, new Node(id, NodeType.MAP_NODE, parent, key, 1L, Optional.empty()));
        trunk.put(id, NodeDelta.complete(1L));
    }

    private void assertReloadsAs(int children) {
        Map<String, Node> reloadedNodes = new LinkedHashMap<>();
        Map<String, NodeDelta> reloadedTrunk = new LinkedHashMap<>();
        Journal journal = new Journal(dir, FLOOR);
        journal.load(reloadedNodes, reloadedTrunk);
        journal.close();
        assertThat(reloadedNodes).hasSize(children + 1);
        assertThat(reloadedTrunk.get("root").children).hasSize(children);
        for (int i = 0; i < children; i++) {
            assertThat(reloadedTrunk.get("root").children).containsEntry("run-" + i, "id-run-" + i);
            assertThat(reloadedNodes.get("id-run-" + i).parentId).contains("root");
        }
    }

    /** Generous bound on one record's size when the root has {@code children} children. */
    private static long lastRecordBound(int children) {
        return 400L + 40L * children;
    }
}
