package ai.tracto.tractorun.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Who this job is, from the variables YTsaurus sets in a vanilla job: the operation
 * ({@code YT_OPERATION_ID}), the job ({@code YT_JOB_ID}), the node index ({@code YT_JOB_COOKIE},
 * stable across job restarts, 0 is the primary) and where its first port can be reached
 * ({@code YT_IP_ADDRESS_DEFAULT}, else this host's address, and {@code YT_PORT_0}).
 *
 * @param barrierPort the port the primary's barrier release channel ({@link BarrierServer})
 *     listens on: one the spec reserved for the job, 0 for any free port (tests, benchmarks), or
 *     none, and the peers then learn of the release by polling Cypress only
 */
public record JobIdentity(String operationId, String jobId, int nodeIndex, Endpoint endpoint,
                          OptionalInt barrierPort) {
    public static final String OPERATION_ID = "YT_OPERATION_ID";
    public static final String JOB_ID = "YT_JOB_ID";
    public static final String JOB_COOKIE = "YT_JOB_COOKIE";
    public static final String IP_ADDRESS = "YT_IP_ADDRESS_DEFAULT";
    /** {@code YT_PORT_<i>} for every {@code i} below the task's {@code port_count}. */
    public static final String PORT_PREFIX = "YT_PORT_";
    public static final String FIRST_PORT = PORT_PREFIX + 0;

    public JobIdentity {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(barrierPort, "barrierPort");
        if (nodeIndex < 0) {
            throw new IllegalArgumentException("node index must not be negative, got " + nodeIndex);
        }
        if (barrierPort.isPresent() && (barrierPort.getAsInt() < 0 || barrierPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("barrier port must be within 0..65535, got " + barrierPort.getAsInt());
        }
    }

    /** An identity whose barrier release channel, if it is the primary, listens on any free port. */
    public JobIdentity(String operationId, String jobId, int nodeIndex, Endpoint endpoint) {
        this(operationId, jobId, nodeIndex, endpoint, OptionalInt.of(0));
    }

    public boolean isPrimary() {
        return nodeIndex == 0;
    }

    /**
     * Reads the identity from a job's environment. The launcher asks for one port per process and
     * one more (see {@code OperationSpecBuilder}): {@code YT_PORT_<processPerNode>} is the barrier
     * port; without it (a user's {@code port_count} below that) the job has none.
     *
     * @throws BootstrapException naming the variable that is missing or malformed
     */
    public static JobIdentity fromEnvironment(Map<String, String> env, int processPerNode) {
        String operationId = required(env, OPERATION_ID);
        String jobId = required(env, JOB_ID);
        int cookie = integer(env, JOB_COOKIE);
        if (env.get(FIRST_PORT) == null || env.get(FIRST_PORT).isBlank()) {
            throw new BootstrapException(FIRST_PORT + " is not set: the task needs port_count of at least 1");
        }
        int port = integer(env, FIRST_PORT);
        String barrierVariable = PORT_PREFIX + processPerNode;
        OptionalInt barrierPort = env.get(barrierVariable) == null || env.get(barrierVariable).isBlank()
                ? OptionalInt.empty() : OptionalInt.of(integer(env, barrierVariable));
        String host = env.get(IP_ADDRESS);
        if (host == null || host.isBlank()) {
            host = localAddress();
        }
        // An IPv6 address goes in brackets so that host:port stays unambiguous.
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        try {
            return new JobIdentity(operationId, jobId, cookie, new Endpoint(host, port), barrierPort);
        } catch (IllegalArgumentException e) {
            throw new BootstrapException("bad job environment: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new BootstrapException(name + " is not set: the bootstrap must run as a job of a YTsaurus"
                    + " vanilla operation");
        }
        return value;
    }

    private static int integer(Map<String, String> env, String name) {
        String value = required(env, name);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BootstrapException(name + " must be an integer, got '" + value + "'", e);
        }
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new BootstrapException("YT_IP_ADDRESS_DEFAULT is not set and this host's address is unknown: "
                    + e.getMessage(), e);
        }
    }
}
