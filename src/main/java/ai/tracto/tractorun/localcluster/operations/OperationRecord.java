package ai.tracto.tractorun.localcluster.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What get_operation, list_jobs and get_job_stderr read: a live operation or one stored on disk. */
interface OperationRecord {
    ObjectNode render();

    List<ObjectNode> renderJobs();

    Optional<Path> stderrFile(String jobId);
}
