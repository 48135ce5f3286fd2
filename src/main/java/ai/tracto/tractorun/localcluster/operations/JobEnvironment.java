package ai.tracto.tractorun.localcluster.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a job starts with. The cluster's own environment is not inherited wholesale
 * (a job on a real cluster does not see the scheduler's variables, and secrets of the person who
 * started the local cluster must not leak into jobs): only a small base that makes ordinary
 * tools work, then the spec's {@code environment}, the secure vault and the YTsaurus job variables.
 */
final class JobEnvironment {
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "USER", "LOGNAME", "TZ");

    private JobEnvironment() {}

    record JobIdentity(String operationId, String jobId, String taskName, int cookie, int jobIndex, int taskJobIndex) {
    }

    static Map<String, String> build(Map<String, String> parent, Path sandbox, TaskSpec task, ObjectNode secureVault,
                                     List<Integer> ports, JobIdentity identity) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = parent.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.putIfAbsent("LANG", "C.UTF-8");
        env.put("HOME", sandbox.toString());
        env.put("TMPDIR", sandbox.resolve("tmp").toString());
        env.putAll(task.environment());
        for (Iterator<Map.Entry<String, JsonNode>> it = secureVault.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            env.put("YT_SECURE_VAULT_" + entry.getKey(), value.isTextual() ? value.asText() : value.toString());
        }
        if (!secureVault.isEmpty()) {
            env.put("YT_SECURE_VAULT", secureVault.toString());
        }
        for (int i = 0; i < ports.size(); i++) {
            env.put("YT_PORT_" + i, Integer.toString(ports.get(i)));
        }
        env.put("YT_OPERATION_ID", identity.operationId());
        env.put("YT_JOB_ID", identity.jobId());
        env.put("YT_JOB_COOKIE", Integer.toString(identity.cookie()));
        env.put("YT_JOB_INDEX", Integer.toString(identity.jobIndex()));
        env.put("YT_TASK_JOB_INDEX", Integer.toString(identity.taskJobIndex()));
        env.put("YT_TASK_NAME", identity.taskName());
        env.put("YT_IP_ADDRESS_DEFAULT", "127.0.0.1");
        return env;
    }
}
