package ai.tracto.tractorun.job.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Appends rows to a YTsaurus table; in the job this is the client's {@code writeTable(path, rows, true)}. */
@FunctionalInterface
public interface LogTableWriter {
    void append(String table, List<ObjectNode> rows);
}
