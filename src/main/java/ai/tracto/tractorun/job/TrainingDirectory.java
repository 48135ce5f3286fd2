package ai.tracto.tractorun.job;

import java.util.Objects;

/**
 * Paths of the training directory under {@code yt_path}, in the layout shared with the Python
 * tractorun:
 * <pre>
 * &lt;yt_path&gt;                      @incarnation_id (-1 before the first run)
 *   primary_lock                 exclusive-locked by the primary for the incarnation's life
 *   incarnations/&lt;00000&gt;         @incarnation_operation_id @incarnation_transaction_id
 *                                @primary_endpoint @barrier_endpoint @topology @ready
 *     nodes/&lt;node_index&gt;         one registration per node: @address @job_id
 *   logs/&lt;incarnation&gt;/{workers,sidecars}/&lt;index&gt;   (see TableLogSink#tablePath)
 * </pre>
 * Incarnation names are zero-padded to five digits so that they sort by number in listings.
 */
public record TrainingDirectory(String ytPath) {
    /** The child that the primary locks exclusively for its incarnation's life. */
    public static final String PRIMARY_LOCK = "primary_lock";
    /** The child holding one map node per incarnation. */
    public static final String INCARNATIONS = "incarnations";
    /** The attribute of {@link #ytPath()} holding the latest incarnation's number. */
    public static final String INCARNATION_ID = "incarnation_id";
    public static final String INCARNATION_OPERATION_ID = "incarnation_operation_id";
    public static final String INCARNATION_TRANSACTION_ID = "incarnation_transaction_id";
    public static final String PRIMARY_ENDPOINT = "primary_endpoint";
    /**
     * Where the primary's barrier release channel listens ({@code host:port}, see
     * {@link BarrierServer}); absent when the primary has none, and peers then poll Cypress only.
     */
    public static final String BARRIER_ENDPOINT = "barrier_endpoint";
    public static final String TOPOLOGY = "topology";
    /** Set to true by the primary once {@link #TOPOLOGY} is complete: the barrier's flag. */
    public static final String READY = "ready";
    /** Attributes of a node's registration. */
    public static final String ADDRESS = "address";
    public static final String JOB_ID = "job_id";

    public TrainingDirectory {
        Objects.requireNonNull(ytPath, "ytPath");
        if (!ytPath.startsWith("//") || ytPath.endsWith("/")) {
            throw new IllegalArgumentException("yt_path must start with // and not end with /, got " + ytPath);
        }
    }

    public String primaryLock() {
        return ytPath + "/" + PRIMARY_LOCK;
    }

    public String incarnations() {
        return ytPath + "/" + INCARNATIONS;
    }

    public String incarnationIdAttribute() {
        return ytPath + "/@" + INCARNATION_ID;
    }

    /** {@code <yt_path>/incarnations/00042} for incarnation 42. */
    public String incarnation(long incarnationId) {
        return incarnations() + "/" + incarnationName(incarnationId);
    }

    public String incarnationAttribute(long incarnationId, String attribute) {
        return incarnation(incarnationId) + "/@" + attribute;
    }

    /** The map of every node's registration in an incarnation. */
    public String nodes(long incarnationId) {
        return incarnation(incarnationId) + "/nodes";
    }

    public String node(long incarnationId, int nodeIndex) {
        return nodes(incarnationId) + "/" + nodeIndex;
    }

    /** Five digits, zero-padded: {@code 00000}, {@code 00042}; larger numbers keep all their digits. */
    public static String incarnationName(long incarnationId) {
        if (incarnationId < 0) {
            throw new IllegalArgumentException("incarnation id must not be negative, got " + incarnationId);
        }
        return String.format(java.util.Locale.ROOT, "%05d", incarnationId);
    }
}
