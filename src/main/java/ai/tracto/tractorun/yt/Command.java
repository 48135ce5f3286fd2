package ai.tracto.tractorun.yt;

import java.util.Map;
import java.util.Set;

/** A v4 command descriptor: how it is sent (method, formats, proxy) and whether it is a mutation. */
record Command(String name, DataType input, DataType output, boolean mutating, boolean heavy) {
    enum DataType { NULL, STRUCTURED, TABULAR, BINARY }

    static final Command GET = light("get", DataType.NULL, false);
    static final Command LIST = light("list", DataType.NULL, false);
    static final Command EXISTS = light("exists", DataType.NULL, false);
    static final Command SET = light("set", DataType.STRUCTURED, true);
    static final Command MULTISET_ATTRIBUTES = light("multiset_attributes", DataType.STRUCTURED, true);
    static final Command CREATE = light("create", DataType.NULL, true);
    static final Command REMOVE = light("remove", DataType.NULL, true);
    static final Command LINK = light("link", DataType.NULL, true);
    static final Command COPY = light("copy", DataType.NULL, true);
    static final Command MOVE = light("move", DataType.NULL, true);
    static final Command LOCK = light("lock", DataType.NULL, true);
    static final Command START_TRANSACTION = light("start_transaction", DataType.NULL, true);
    static final Command PING_TRANSACTION = light("ping_transaction", DataType.NULL, true);
    static final Command COMMIT_TRANSACTION = light("commit_transaction", DataType.NULL, true);
    static final Command ABORT_TRANSACTION = light("abort_transaction", DataType.NULL, true);
    static final Command START_OPERATION = light("start_operation", DataType.NULL, true);
    static final Command GET_OPERATION = light("get_operation", DataType.NULL, false);
    static final Command ABORT_OPERATION = light("abort_operation", DataType.NULL, true);
    static final Command UPDATE_OPERATION_PARAMETERS = light("update_operation_parameters", DataType.NULL, true);
    static final Command LIST_JOBS = light("list_jobs", DataType.NULL, false);
    static final Command WRITE_FILE = new Command("write_file", DataType.BINARY, DataType.STRUCTURED, true, true);
    static final Command READ_FILE = new Command("read_file", DataType.NULL, DataType.BINARY, false, true);
    static final Command WRITE_TABLE = new Command("write_table", DataType.TABULAR, DataType.STRUCTURED, true, true);
    static final Command READ_TABLE = new Command("read_table", DataType.NULL, DataType.TABULAR, false, true);
    static final Command GET_JOB_STDERR = new Command("get_job_stderr", DataType.NULL, DataType.BINARY, false, true);

    private static final Map<String, Command> KNOWN = Map.ofEntries(
            entry(GET), entry(LIST), entry(EXISTS), entry(SET), entry(MULTISET_ATTRIBUTES), entry(CREATE),
            entry(REMOVE), entry(LINK), entry(COPY), entry(MOVE), entry(LOCK), entry(START_TRANSACTION),
            entry(PING_TRANSACTION), entry(COMMIT_TRANSACTION), entry(ABORT_TRANSACTION), entry(START_OPERATION),
            entry(GET_OPERATION), entry(ABORT_OPERATION), entry(UPDATE_OPERATION_PARAMETERS), entry(LIST_JOBS));

    /** Read-only structured commands outside the typed API, so {@link YtClient#execute} can send them as GET. */
    private static final Set<String> READ_ONLY = Set.of("get_job", "list_operations", "get_current_user",
            "check_permission", "get_table_columnar_statistics", "get_version");

    /** Command transactions apply to: they carry {@code transaction_id} in a transactional view. */
    private static final Set<String> TRANSACTIONAL = Set.of("get", "list", "exists", "set", "multiset_attributes",
            "create", "remove", "link", "copy", "move", "lock", "start_transaction", "write_file", "read_file",
            "write_table", "read_table", "start_operation");

    /** The descriptor of a structured command without input sent through {@link YtClient#execute}. */
    static Command structured(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("command name must be lowercase letters and '_', got '" + name + "'");
        }
        Command known = KNOWN.get(name);
        if (known != null) {
            return known;
        }
        boolean readOnly = READ_ONLY.contains(name) || name.startsWith("get_") || name.startsWith("list_");
        return light(name, DataType.NULL, !readOnly);
    }

    String httpMethod() {
        if (input != DataType.NULL) {
            return "PUT";
        }
        return mutating ? "POST" : "GET";
    }

    boolean transactional() {
        return TRANSACTIONAL.contains(name);
    }

    private static Command light(String name, DataType input, boolean mutating) {
        return new Command(name, input, DataType.STRUCTURED, mutating, false);
    }

    private static Map.Entry<String, Command> entry(Command c) {
        return Map.entry(c.name, c);
    }
}
