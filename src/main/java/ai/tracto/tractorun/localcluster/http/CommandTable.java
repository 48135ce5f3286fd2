package ai.tracto.tractorun.localcluster.http;

import ai.tracto.tractorun.localcluster.ErrorCodes;
import ai.tracto.tractorun.localcluster.OperationService;
import ai.tracto.tractorun.localcluster.ServerError;
import ai.tracto.tractorun.localcluster.cypress.CreateRequest;
import ai.tracto.tractorun.localcluster.cypress.CypressService;
import ai.tracto.tractorun.localcluster.cypress.FileSlice;
import ai.tracto.tractorun.localcluster.cypress.LockMode;
import ai.tracto.tractorun.localcluster.cypress.LockResult;
import ai.tracto.tractorun.localcluster.ypath.YPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The v4 commands the embedded cluster serves, with their descriptors and accepted parameters. */
final class CommandTable {
    /** Parameters real clients send that do not change what a command means here. */
    static final Set<String> HARMLESS = Set.of("mutation_id", "retry", "trace_id", "suppress_transaction_coordinator_sync",
            "suppress_upstream_sync", "ping_ancestor_transactions", "input_format", "output_format", "read_from",
            "cache_sticky_group_size", "suppress_access_tracking", "suppress_modification_tracking",
            "suppress_expiration_timeout_renewal", "transaction_id", "prerequisite_transaction_ids", "max_size",
            "file_writer", "file_reader", "table_writer", "table_reader", "include_runtime", "unordered",
            "enable_row_count_in_control_attributes");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RegisteredCommand> commands = new LinkedHashMap<>();
    private final CypressService cypress;
    private final OperationService operations;

    CommandTable(CypressService cypress, OperationService operations) {
        this.cypress = cypress;
        this.operations = operations;
        registerCypress();
        registerUnlock();
        registerTransactions();
        registerData();
        registerOperations();
    }

    Optional<RegisteredCommand> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    Collection<RegisteredCommand> all() {
        return commands.values();
    }

    private void add(String name, DataType input, DataType output, boolean mutating, boolean heavy,
                     Set<String> parameters, Command handler) {
        commands.put(name, new RegisteredCommand(new CommandDescriptor(name, input, output, mutating, heavy),
                parameters, handler));
    }

    private static ObjectNode one(String key, String value) {
        return NODES.objectNode().put(key, value);
    }

    private void registerCypress() {
        add("get", DataType.NULL, DataType.STRUCTURED, false, false, Set.of("path", "attributes", "return_only_value"), c -> {
            JsonNode value = cypress.get(c.params.context(), c.params.path("path"), c.params.optStringList("attributes"));
            c.reply(c.params.bool("return_only_value") ? value : NODES.objectNode().set("value", value));
        });
        add("list", DataType.NULL, DataType.STRUCTURED, false, false, Set.of("path", "attributes", "return_only_value"), c -> {
            JsonNode value = cypress.list(c.params.context(), c.params.path("path"), c.params.optStringList("attributes"));
            c.reply(c.params.bool("return_only_value") ? value : NODES.objectNode().set("value", value));
        });
        add("exists", DataType.NULL, DataType.STRUCTURED, false, false, Set.of("path"), c ->
                c.reply(NODES.objectNode().put("value", cypress.exists(c.params.context(), c.params.path("path")))));
        add("set", DataType.STRUCTURED, DataType.STRUCTURED, true, false, Set.of("path", "recursive", "force"), c -> {
            JsonNode value = c.inputFormat.parse(c.input().readAllBytes());
            cypress.set(c.params.context(), c.params.path("path"), value, c.params.bool("recursive"), c.params.bool("force"));
            c.reply(NODES.objectNode());
        });
        add("multiset_attributes", DataType.STRUCTURED, DataType.STRUCTURED, true, false, Set.of("path"), c -> {
            JsonNode value = c.inputFormat.parse(c.input().readAllBytes());
            if (!value.isObject()) {
                throw new ServerError(ErrorCodes.GENERIC, "multiset_attributes expects a map of attributes");
            }
            cypress.multisetAttributes(c.params.context(), c.params.path("path"), (ObjectNode) value);
            c.reply(NODES.objectNode());
        });
        add("create", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("path", "type", "recursive", "ignore_existing", "force", "attributes", "lock_existing"), c -> {
            if (c.params.bool("lock_existing")) {
                throw new ServerError(ErrorCodes.GENERIC, "Parameter \"lock_existing\" is not supported by the embedded cluster");
            }
            CreateRequest request = new CreateRequest(c.params.string("type"), c.params.bool("recursive"),
                    c.params.bool("ignore_existing"), c.params.bool("force"), c.params.object("attributes"));
            c.reply(one("node_id", cypress.create(c.params.context(), c.params.path("path"), request)));
        });
        add("remove", DataType.NULL, DataType.STRUCTURED, true, false, Set.of("path", "recursive", "force"), c -> {
            cypress.remove(c.params.context(), c.params.path("path"), c.params.bool("recursive"), c.params.bool("force"));
            c.reply(NODES.objectNode());
        });
        add("link", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("link_path", "target_path", "recursive", "ignore_existing", "force"), c ->
                c.reply(one("node_id", cypress.link(c.params.context(), c.params.path("target_path"),
                        c.params.path("link_path"), c.params.bool("recursive"), c.params.bool("ignore_existing"),
                        c.params.bool("force")))));
        add("copy", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("source_path", "destination_path", "recursive", "force"), c ->
                c.reply(one("node_id", cypress.copy(c.params.context(), c.params.path("source_path"),
                        c.params.path("destination_path"), c.params.bool("recursive"), c.params.bool("force")))));
        add("move", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("source_path", "destination_path", "recursive", "force"), c ->
                c.reply(one("node_id", cypress.move(c.params.context(), c.params.path("source_path"),
                        c.params.path("destination_path"), c.params.bool("recursive"), c.params.bool("force")))));
        add("lock", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("path", "mode", "waitable", "child_key", "attribute_key"), c -> {
            LockMode mode = LockMode.fromWireName(c.params.optString("mode").orElse("exclusive"));
            LockResult lock = cypress.lock(c.params.context(), c.params.path("path"), mode, c.params.bool("waitable"),
                    c.params.optString("child_key"), c.params.optString("attribute_key"));
            c.reply(NODES.objectNode().put("lock_id", lock.lockId()).put("node_id", lock.nodeId()).put("revision", 0));
        });
    }

    private void registerUnlock() {
        add("unlock", DataType.NULL, DataType.STRUCTURED, true, false, Set.of("path"), c -> {
            cypress.unlock(c.params.context(), c.params.path("path"));
            c.reply(NODES.objectNode());
        });
    }

    private void registerTransactions() {
        add("start_transaction", DataType.NULL, DataType.STRUCTURED, true, false, Set.of("timeout", "attributes", "type"), c -> {
            if (c.params.optString("type").filter(t -> !t.equals("master")).isPresent()) {
                throw new ServerError(ErrorCodes.GENERIC, "Only master transactions are supported by the embedded cluster");
            }
            String id = cypress.startTransaction(c.params.context(), c.params.optLong("timeout"), c.params.object("attributes"));
            c.reply(one("transaction_id", id));
        });
        add("ping_transaction", DataType.NULL, DataType.STRUCTURED, true, false, Set.of(), c -> {
            cypress.pingTransaction(withoutTransaction(c), c.params.string("transaction_id"),
                    c.params.bool("ping_ancestor_transactions"));
            c.reply(NODES.objectNode());
        });
        add("commit_transaction", DataType.NULL, DataType.STRUCTURED, true, false, Set.of(), c -> {
            cypress.commitTransaction(withoutTransaction(c), c.params.string("transaction_id"));
            c.reply(NODES.objectNode());
        });
        add("abort_transaction", DataType.NULL, DataType.STRUCTURED, true, false, Set.of("force"), c -> {
            cypress.abortTransaction(withoutTransaction(c), c.params.string("transaction_id"));
            c.reply(NODES.objectNode());
        });
    }

    private static ai.tracto.tractorun.localcluster.cypress.TxContext withoutTransaction(Call c) {
        return new ai.tracto.tractorun.localcluster.cypress.TxContext(Optional.empty(),
                c.params.context().prerequisiteTransactionIds());
    }

    private static boolean append(Call c, YPath path) {
        return c.params.bool("append") || path.attributeBoolean("append");
    }

    private void registerData() {
        add("write_file", DataType.BINARY, DataType.STRUCTURED, true, true, Set.of("path", "append", "compute_md5"), c -> {
            if (c.params.bool("compute_md5")) {
                throw new ServerError(ErrorCodes.GENERIC, "Parameter \"compute_md5\" is not supported by the embedded cluster");
            }
            YPath path = c.params.path("path");
            cypress.writeFile(c.params.context(), path, c.input(), append(c, path));
            c.reply(NODES.objectNode());
        });
        add("read_file", DataType.NULL, DataType.BINARY, false, true, Set.of("path", "offset", "length"), c -> {
            try (FileSlice file = cypress.readFile(c.params.context(), c.params.path("path"),
                    c.params.optLong("offset").orElse(0), c.params.optLong("length"));
                 OutputStream out = c.stream("application/octet-stream", file.length())) {
                file.transferTo(out);
            }
        });
        add("write_table", DataType.TABULAR, DataType.STRUCTURED, true, true, Set.of("path", "append"), c -> {
            YPath path = c.params.path("path");
            Iterator<JsonNode> rows = c.inputFormat == WireFormat.JSON ? jsonLines(c.input())
                    : c.inputFormat.parseRows(c.input().readAllBytes()).iterator();
            cypress.writeTable(c.params.context(), path, rows, append(c, path));
            c.reply(NODES.objectNode());
        });
        // dump_error_into_response asks for a mid-stream error inside the body; rows come from
        // local disk here, so a failure aborts the response and the client sees a broken stream.
        add("read_table", DataType.NULL, DataType.TABULAR, false, true,
                Set.of("path", "dump_error_into_response"), c -> {
            try (Stream<String> rows = cypress.readTable(c.params.context(), c.params.path("path"));
                 OutputStream out = c.stream(c.outputFormat.contentType)) {
                for (Iterator<String> it = rows.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (c.outputFormat == WireFormat.JSON) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.write(c.outputFormat.write(JSON.readTree(line)));
                        out.write(";\n".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        });
    }

    /** Copies bytes {@code [offset, offset + limit)} of {@code in}; an offset past the end copies nothing. */
    private static void copyRange(InputStream in, OutputStream out, long offset, long limit) throws IOException {
        long toSkip = offset;
        while (toSkip > 0 && in.read() >= 0) {
            toSkip--;
            toSkip -= in.skip(toSkip);
        }
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static Iterator<JsonNode> jsonLines(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Iterator<>() {
            private JsonNode next = advance();

            private JsonNode advance() {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (!line.isBlank()) {
                            return JSON.readTree(line);
                        }
                    }
                    return null;
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new ServerError(ErrorCodes.GENERIC, "Malformed JSON row: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JsonNode next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                JsonNode current = next;
                next = advance();
                return current;
            }
        };
    }

    private void registerOperations() {
        add("start_operation", DataType.NULL, DataType.STRUCTURED, true, false, Set.of("operation_type", "spec"), c -> {
            Optional<String> tx = c.params.context().transactionId();
            tx.ifPresent(cypress::checkTransaction);
            String id = operations.startOperation(c.params.string("operation_type"), c.params.object("spec"), tx, c.user());
            c.reply(one("operation_id", id));
        });
        add("get_operation", DataType.NULL, DataType.STRUCTURED, false, false,
                Set.of("operation_id", "operation_alias", "attributes", "include_scheduler"), c ->
                c.reply(operations.getOperation(operationId(c), c.params.optStringList("attributes"))));
        add("abort_operation", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("operation_id", "operation_alias", "abort_message"), c -> {
            operations.abortOperation(operationId(c), c.params.optString("abort_message"));
            c.reply(NODES.objectNode());
        });
        add("list_jobs", DataType.NULL, DataType.STRUCTURED, false, false, Set.of("operation_id", "job_state", "job_type",
                "limit", "offset", "sort_field", "sort_order", "include_cypress", "include_runtime", "include_archive",
                "data_source", "with_stderr", "task_name"), c ->
                c.reply(operations.listJobs(operationId(c), c.params.raw())));
        // offset/limit as newer YTsaurus versions take them, so followers fetch only what is new.
        add("get_job_stderr", DataType.NULL, DataType.BINARY, false, true,
                Set.of("operation_id", "job_id", "offset", "limit"), c -> {
            long offset = c.params.optLong("offset").orElse(0);
            long limit = c.params.optLong("limit").orElse(Long.MAX_VALUE);
            if (offset < 0 || limit < 0) {
                throw new ServerError(ErrorCodes.GENERIC, "offset and limit of get_job_stderr must not be negative");
            }
            try (InputStream in = operations.jobStderr(operationId(c), c.params.string("job_id"));
                 OutputStream out = c.stream("application/octet-stream")) {
                copyRange(in, out, offset, limit);
            }
        });
        add("update_operation_parameters", DataType.NULL, DataType.STRUCTURED, true, false,
                Set.of("operation_id", "operation_alias", "parameters"), c -> {
            operations.updateOperationParameters(operationId(c), c.params.object("parameters"));
            c.reply(NODES.objectNode());
        });
    }

    private static String operationId(Call c) {
        return c.params.optString("operation_id").or(() -> c.params.optString("operation_alias"))
                .orElseThrow(() -> new ServerError(ErrorCodes.GENERIC, "Missing required parameter \"operation_id\""));
    }

    static List<String> unknownParameters(RegisteredCommand command, ObjectNode params) {
        List<String> unknown = new java.util.ArrayList<>();
        params.fieldNames().forEachRemaining(name -> {
            if (!HARMLESS.contains(name) && !command.parameters().contains(name)) {
                unknown.add(name);
            }
        });
        return unknown;
    }
}
