package ai.tracto.tractorun.job;

import ai.tracto.tractorun.yt.CreateOptions;
import ai.tracto.tractorun.yt.LockMode;
import ai.tracto.tractorun.yt.LockOptions;
import ai.tracto.tractorun.yt.LockResult;
import ai.tracto.tractorun.yt.Transaction;
import ai.tracto.tractorun.yt.TransactionOptions;
import ai.tracto.tractorun.yt.YtClient;
import ai.tracto.tractorun.yt.YtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Gathers the nodes of one operation into an incarnation over Cypress, in the layout of
 * {@link TrainingDirectory}.
 *
 * <p><b>Primary</b> (job cookie 0): starts the incarnation transaction (pinged) and takes an
 * exclusive lock on {@code primary_lock} in it. A launch prepares the directory, lock node
 * included, so the first request is the lock itself, not waitable: granted, it is held at once.
 * Only when it finds no node (a directory laid out otherwise, or removed) does the primary create
 * the directory and try again. When another transaction holds the lock, the primary queues a
 * waitable lock, says so once and keeps waiting. Holding the lock, it bumps {@code @incarnation_id}
 * (-1 → 0 on a new directory), opens its barrier release channel ({@link BarrierServer}, on the
 * job's barrier port), creates {@code incarnations/<n>} with the operation id, the transaction
 * id, its endpoint and the channel's {@code @barrier_endpoint}, registers itself, waits until
 * {@code nodes/@count} reaches the node count, sends the release to every peer connected to the
 * channel, then publishes {@code @topology} and {@code @ready} (one mutation) for whoever looks
 * at the directory later. A gang of one is whole once the primary registered: it neither counts
 * nor reads the registrations back. The channel is closed before {@link #join} returns or throws.
 *
 * <p>The writes are not made inside the incarnation transaction, because peers could not see
 * them before a commit, and committing would release the lock. They are made outside with the
 * transaction as a prerequisite instead: visible at once, and refused once the transaction (so
 * the lock) is gone. The transaction holds nothing but the lock and lives as long as the
 * {@link Incarnation} returned to the primary.
 *
 * <p><b>Peers</b> poll {@code @incarnation_id} and look at an incarnation only when the number
 * changes, until they find one whose {@code @incarnation_operation_id} is their own operation:
 * a stale incarnation of an earlier operation is never joined, so it can never release a new
 * gang's barrier. A peer reads the incarnation's transaction, {@code @primary_endpoint} and
 * {@code @barrier_endpoint}, registers once (for all its processes) with the transaction as
 * prerequisite, then says hello on the release channel and waits for the primary's release
 * ({@link BarrierClient}). Each node creates only its own index, so a full {@code nodes/@count}
 * is the whole gang. A peer never reads the topology (what it needs is the primary's endpoint
 * and its own), so what it transfers does not grow with the gang.
 *
 * <p><b>Release.</b> Cypress is the truth; the channel only makes the release fast. The primary
 * polls {@code nodes/@count} paced by {@link BarrierPace} (at least every
 * {@code PRIMARY_MAX_POLL}), and a pause ends early when the last peer says hello; the next poll
 * is then the one read that confirms the hints. Only a full count releases anyone. A peer whose
 * channel fails (no endpoint, refused, closed, a foreign answer, no connection in time) polls
 * {@code nodes/@count} itself as before the channel existed, within the same barrier deadline:
 * every poll costs one small request whatever the gang's size, {@link BarrierPace} times the
 * polls by the arrivals seen so far, and peers keep their pauses long enough that the whole gang
 * sends at most {@value #GANG_POLLS_PER_SECOND} polls a second. A peer released by the channel
 * sends no poll at all. The barrier timeout error names the nodes that never registered.
 */
public final class Rendezvous {
    /** YTsaurus error code of a failed prerequisite (the incarnation transaction is gone). */
    private static final int PREREQUISITE_CHECK_FAILED = 1000;
    private static final Duration LOCK_WAIT_CHUNK = Duration.ofHours(1);
    /** The primary's longest pause while it waits for registrations. */
    private static final Duration PRIMARY_MAX_POLL = Duration.ofMillis(100);
    /**
     * How many barrier polls a second all peers of a gang may send together, at most. Measured on
     * the embedded cluster on two cores: at 1000 a second its answers queue for half a second,
     * at 400 they take a few milliseconds; the server's own work (the last registrations, the
     * primary's polls) must not wait behind the peers' polls.
     */
    private static final long GANG_POLLS_PER_SECOND = 500;

    private final YtClient client;
    private final TrainingDirectory directory;
    private final JobIdentity self;
    private final int nodeCount;
    private final RendezvousOptions options;
    private long requests;

    private Rendezvous(YtClient client, TrainingDirectory directory, JobIdentity self, int nodeCount,
                       RendezvousOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.self = Objects.requireNonNull(self, "self");
        this.options = Objects.requireNonNull(options, "options");
        if (nodeCount < 1) {
            throw new IllegalArgumentException("node count must be at least 1, got " + nodeCount);
        }
        if (self.nodeIndex() >= nodeCount) {
            throw new BootstrapException("job cookie " + self.nodeIndex() + " is outside the mesh of " + nodeCount
                    + " node(s)");
        }
        this.nodeCount = nodeCount;
    }

    /**
     * Joins this job's incarnation: as the primary when its job cookie is 0, else as a peer.
     * Blocks until every node registered and the topology is known.
     *
     * @throws BarrierTimeoutException when some node did not arrive in time
     * @throws BootstrapException when the incarnation cannot be joined
     */
    public static Incarnation join(YtClient client, TrainingDirectory directory, JobIdentity self, int nodeCount,
                                   RendezvousOptions options) throws InterruptedException {
        Rendezvous rendezvous = new Rendezvous(client, directory, self, nodeCount, options);
        return self.isPrimary() ? rendezvous.asPrimary() : rendezvous.asPeer();
    }

    // ---- primary

    private Incarnation asPrimary() throws InterruptedException {
        ObjectNode txAttributes = JsonNodeFactory.instance.objectNode()
                .put("title", "tractorun incarnation of operation " + self.operationId() + " in "
                        + directory.ytPath())
                .put(TrainingDirectory.INCARNATION_OPERATION_ID, self.operationId());
        Transaction transaction = call(() -> client.startTransaction(TransactionOptions.builder()
                .timeout(options.transactionTimeout()).attributes(txAttributes).build()));
        Optional<BarrierServer> barrier = Optional.empty();
        try {
            acquirePrimaryLock(transaction);
            YtClient guarded = client.withPrerequisiteTransactions(List.of(transaction.id()));
            long id = Math.max(-1, readIncarnationId()) + 1;
            run(() -> guarded.set(directory.incarnationIdAttribute(), LongNode.valueOf(id)));
            // Listening before the endpoint is published: a peer that reads it can connect at once.
            barrier = openBarrier(id);
            ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                    .put(TrainingDirectory.INCARNATION_OPERATION_ID, self.operationId())
                    .put(TrainingDirectory.INCARNATION_TRANSACTION_ID, transaction.id())
                    .put(TrainingDirectory.PRIMARY_ENDPOINT, self.endpoint().toString());
            barrier.ifPresent(server -> attributes.put(TrainingDirectory.BARRIER_ENDPOINT,
                    new Endpoint(self.endpoint().host(), server.port()).toString()));
            // Recursive: a directory whose lock was granted at once was not created here, and may
            // lack the incarnations map (laid out by other means, or the map removed).
            call(() -> guarded.create("map_node", directory.incarnation(id),
                    CreateOptions.builder().recursive(true).attributes(attributes).build()));
            register(guarded, id);
            GangTopology topology = nodeCount == 1 ? gangOfOne() : awaitGang(id, barrier);
            // One mutation: @ready is never seen without the whole @topology.
            ObjectNode published = JsonNodeFactory.instance.objectNode();
            published.set(TrainingDirectory.TOPOLOGY, topology.toJson());
            published.set(TrainingDirectory.READY, BooleanNode.TRUE);
            run(() -> guarded.multisetAttributes(directory.incarnation(id), published));
            return new Incarnation(id, new NodeTopology(self.nodeIndex(), id, topology.primaryEndpoint(), self.endpoint()),
                    Optional.of(topology), requests, Optional.of(transaction));
        } catch (InterruptedException | RuntimeException e) {
            // An interrupted thread could not even send the abort; the lock must not wait for the timeout.
            boolean interrupted = Thread.interrupted() || e instanceof InterruptedException;
            transaction.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        } finally {
            // Released peers are gone already; any still connected now poll Cypress.
            barrier.ifPresent(BarrierServer::close);
        }
    }

    /** Waits until Cypress has every node's registration, releases the peers, and reads the gang. */
    private GangTopology awaitGang(long id, Optional<BarrierServer> barrier) throws InterruptedException {
        awaitRegistrations(id, primaryPace(), "the primary waited", System.nanoTime()
                + options.barrierTimeout().toNanos(), barrier, () -> { });
        // Cypress confirmed the whole gang: the peers go first, the record for later readers after.
        barrier.flatMap(BarrierServer::failure).ifPresent(reason -> options.progress().accept(
                "the barrier release channel failed (" + reason + "): peers polled " + directory.nodes(id)
                        + "/@count"));
        barrier.ifPresent(BarrierServer::release);
        return readTopology(id);
    }

    /** A gang of one: the registration just made is the whole gang, so nothing is counted or read back. */
    private GangTopology gangOfOne() {
        return new GangTopology(List.of(new GangTopology.Member(self.endpoint(), self.jobId())));
    }

    /**
     * The release channel of this incarnation, when this node has a barrier port and the gang has
     * peers. Without it (or when it cannot listen) peers learn of the release by polling only.
     */
    private Optional<BarrierServer> openBarrier(long id) {
        if (nodeCount < 2 || self.barrierPort().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BarrierServer.open(self.barrierPort().getAsInt(), self.operationId(), id, nodeCount));
        } catch (IOException e) {
            options.progress().accept("no barrier release channel on port " + self.barrierPort().getAsInt() + " ("
                    + e + "): peers will poll " + directory.nodes(id) + "/@count");
            return Optional.empty();
        }
    }

    /**
     * The directory, its lock node and the incarnations map, for a directory that a launch did not
     * prepare; concurrent primaries may race here harmlessly.
     */
    private void prepareDirectory() {
        ObjectNode initial = JsonNodeFactory.instance.objectNode().put(TrainingDirectory.INCARNATION_ID, -1);
        call(() -> client.create("map_node", directory.ytPath(), CreateOptions.builder()
                .recursive(true).ignoreExisting(true).attributes(initial).build()));
        call(() -> client.create("map_node", directory.primaryLock(),
                CreateOptions.builder().ignoreExisting(true).build()));
        call(() -> client.create("map_node", directory.incarnations(),
                CreateOptions.builder().ignoreExisting(true).build()));
    }

    private void acquirePrimaryLock(Transaction transaction) throws InterruptedException {
        if (tryPrimaryLock(transaction)) {
            return;
        }
        LockResult lock = call(() -> transaction.client().lock(directory.primaryLock(),
                LockOptions.builder().mode(LockMode.EXCLUSIVE).waitable(true).build()));
        if (lockState(lock.lockId()).equals("acquired")) {
            return;
        }
        options.progress().accept("waiting for the primary lock of " + directory.ytPath() + " held by "
                + describeHolder(transaction.id()));
        PollBackoff backoff = options.newBackoff();
        long deadline = System.nanoTime() + LOCK_WAIT_CHUNK.toNanos();
        while (true) {
            backoff.pause(deadline);
            String state = lockState(lock.lockId());
            if (state.equals("acquired")) {
                options.progress().accept("acquired the primary lock of " + directory.ytPath());
                return;
            }
            if (!transaction.isAlive()) {
                throw new BootstrapException("the incarnation transaction " + transaction.id()
                        + " ended while waiting for the primary lock of " + directory.ytPath());
            }
            if (System.nanoTime() - deadline >= 0) {
                // Another operation may legitimately train for days: keep waiting, but say so now and then.
                options.progress().accept("still waiting for the primary lock of " + directory.ytPath()
                        + " held by " + describeHolder(transaction.id()));
                deadline = System.nanoTime() + LOCK_WAIT_CHUNK.toNanos();
            }
        }
    }

    /**
     * Takes the primary lock without waiting: true when it is held, false when another transaction
     * holds it (then the caller queues for it). A lock not granted is not created, so a refusal
     * leaves nothing behind. The directory is created here only when the lock finds no node.
     */
    private boolean tryPrimaryLock(Transaction transaction) {
        try {
            return lockAtOnce(transaction);
        } catch (YtException e) {
            if (!e.isResolveError()) {
                throw e;
            }
        }
        prepareDirectory();
        return lockAtOnce(transaction);
    }

    private boolean lockAtOnce(Transaction transaction) {
        try {
            call(() -> transaction.client().lock(directory.primaryLock(),
                    LockOptions.builder().mode(LockMode.EXCLUSIVE).waitable(false).build()));
            return true;
        } catch (YtException e) {
            if (e.isConcurrentTransactionLockConflict()) {
                return false;
            }
            throw e;
        }
    }

    private String lockState(String lockId) {
        return call(() -> client.get("#" + lockId + "/@state")).asText();
    }

    /** Who holds the primary lock: the operation named on the holder's transaction, if any. */
    private String describeHolder(String ownTransactionId) {
        try {
            JsonNode locks = call(() -> client.get(directory.primaryLock() + "/@locks"));
            for (JsonNode lock : locks) {
                String transactionId = lock.path("transaction_id").asText();
                if (!lock.path("state").asText().equals("acquired") || transactionId.equals(ownTransactionId)) {
                    continue;
                }
                try {
                    String operation = call(() -> client.get("#" + transactionId + "/@"
                            + TrainingDirectory.INCARNATION_OPERATION_ID)).asText();
                    return "operation " + operation + " (transaction " + transactionId + ")";
                } catch (YtException e) {
                    return "transaction " + transactionId;
                }
            }
        } catch (YtException e) {
            // Only the message suffers: the wait itself does not depend on knowing the holder.
        }
        return "another transaction";
    }

    private long readIncarnationId() {
        try {
            return call(() -> client.get(directory.incarnationIdAttribute())).asLong(-1);
        } catch (YtException e) {
            if (e.isResolveError()) {
                return -1;
            }
            throw e;
        }
    }

    /**
     * The primary's pace: one node polling a small counter can afford to look often, and the
     * release of the whole gang waits on it when the peers' hellos do not arrive.
     */
    private BarrierPace primaryPace() {
        Duration max = options.maxPoll().compareTo(PRIMARY_MAX_POLL) < 0 ? options.maxPoll() : PRIMARY_MAX_POLL;
        return new BarrierPace(nodeCount, options.firstPoll(), max);
    }

    private GangTopology readTopology(long id) {
        JsonNode answer = call(() -> client.get(directory.nodes(id),
                List.of(TrainingDirectory.ADDRESS, TrainingDirectory.JOB_ID)));
        // With attributes requested, the map itself comes as {"$attributes": .., "$value": {children}}.
        JsonNode registrations = answer.has("$value") ? answer.path("$value") : answer;
        List<GangTopology.Member> members = new ArrayList<>();
        for (int index = 0; index < nodeCount; index++) {
            JsonNode attributes = registrations.path(Integer.toString(index)).path("$attributes");
            if (!attributes.path(TrainingDirectory.ADDRESS).isTextual()) {
                throw new BootstrapException("incarnation " + id + " of " + directory.ytPath() + " has "
                        + registrations.size() + " registrations but none valid for node " + index + ": "
                        + registrations.path(Integer.toString(index)));
            }
            members.add(new GangTopology.Member(Endpoint.parse(attributes.path(TrainingDirectory.ADDRESS).asText()),
                    attributes.path(TrainingDirectory.JOB_ID).asText()));
        }
        return new GangTopology(members);
    }

    // ---- peer

    private Incarnation asPeer() throws InterruptedException {
        FoundIncarnation found = findOwnIncarnation();
        long id = found.id();
        // The primary created the incarnation with all of these at once: one read has them all.
        String transactionId = found.attributes().path(TrainingDirectory.INCARNATION_TRANSACTION_ID).asText();
        Endpoint primary = Endpoint.parse(found.attributes().path(TrainingDirectory.PRIMARY_ENDPOINT).asText());
        Optional<Endpoint> barrier = barrierEndpoint(found.attributes());
        register(client.withPrerequisiteTransactions(List.of(transactionId)), id);
        long deadline = System.nanoTime() + options.barrierTimeout().toNanos();
        if (barrier.isPresent()) {
            BarrierClient.Outcome outcome = BarrierClient.awaitRelease(barrier.get(), self.operationId(), id,
                    self.nodeIndex(), deadline);
            if (!outcome.released()) {
                // The usual reason is harmless: the primary saw the full count before this hello
                // arrived, and the first poll releases. The failure is worth a line only when not.
                String note = "node " + self.nodeIndex() + ": no release from the primary's barrier at "
                        + barrier.get() + " (" + outcome.reason() + "); polling " + directory.nodes(id) + "/@count";
                awaitPeerRegistrations(id, deadline, () -> options.progress().accept(note));
            }
        } else {
            awaitPeerRegistrations(id, deadline, () -> { });
        }
        return new Incarnation(id, new NodeTopology(self.nodeIndex(), id, primary, self.endpoint()),
                Optional.empty(), requests, Optional.empty());
    }

    /** Polls as a peer, within the same deadline as the channel: a fallback never makes the barrier wait longer. */
    private void awaitPeerRegistrations(long id, long deadline, Runnable onWait) throws InterruptedException {
        awaitRegistrations(id, peerPace(), "node " + self.nodeIndex() + " waited", deadline, Optional.empty(), onWait);
    }

    /** The primary's release channel, when it published one that parses. */
    private Optional<Endpoint> barrierEndpoint(JsonNode incarnationAttributes) {
        JsonNode endpoint = incarnationAttributes.path(TrainingDirectory.BARRIER_ENDPOINT);
        if (!endpoint.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Endpoint.parse(endpoint.asText()));
        } catch (IllegalArgumentException e) {
            options.progress().accept("node " + self.nodeIndex() + ": ignoring the primary's barrier endpoint ("
                    + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * A peer's pace: the floor grows with the gang so that all peers together send at most
     * {@link #GANG_POLLS_PER_SECOND} polls a second, whatever their number.
     */
    private BarrierPace peerPace() {
        Duration floor = Duration.ofNanos(1_000_000_000L * nodeCount / GANG_POLLS_PER_SECOND);
        if (floor.compareTo(options.firstPoll()) < 0) {
            floor = options.firstPoll();
        }
        Duration max = floor.compareTo(options.maxPoll()) > 0 ? floor : options.maxPoll();
        return new BarrierPace(nodeCount, floor, max);
    }

    /**
     * Polls {@code @incarnation_id} until it names an incarnation of this operation. The wait is
     * bounded by the barrier timeout, renewed while an incarnation of another operation is still
     * alive: then this operation's primary is queued for the primary lock, not lost.
     */
    private FoundIncarnation findOwnIncarnation() throws InterruptedException {
        PollBackoff backoff = options.newBackoff();
        long deadline = System.nanoTime() + options.barrierTimeout().toNanos();
        long rejected = -1;
        while (true) {
            long latest = readIncarnationId();
            if (latest >= 0 && latest != rejected) {
                Optional<JsonNode> attributes = incarnationAttributes(latest);
                if (attributes.isPresent()) {
                    if (attributes.get().path(TrainingDirectory.INCARNATION_OPERATION_ID).asText()
                            .equals(self.operationId())) {
                        return new FoundIncarnation(latest, attributes.get());
                    }
                    rejected = latest;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                if (rejected >= 0 && incarnationAlive(rejected)) {
                    options.progress().accept("waiting for the primary of operation " + self.operationId()
                            + ": incarnation " + rejected + " of another operation still holds "
                            + directory.primaryLock());
                    deadline = System.nanoTime() + options.barrierTimeout().toNanos();
                } else {
                    throw new BarrierTimeoutException("rendezvous in " + directory.ytPath() + " timed out after "
                            + seconds(options.barrierTimeout()) + ": node(s) 0 never arrived (the primary did not"
                            + " start an incarnation for operation " + self.operationId() + ")", List.of(0));
                }
            }
            backoff.pause(deadline);
        }
    }

    /** The incarnation's attributes (a handful, whatever the gang's size), once its node exists. */
    private Optional<JsonNode> incarnationAttributes(long id) {
        try {
            return Optional.of(call(() -> client.get(directory.incarnation(id) + "/@")));
        } catch (YtException e) {
            if (e.isResolveError()) {
                // @incarnation_id is bumped before the incarnation node is created.
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An incarnation of this operation and its attributes. */
    private record FoundIncarnation(long id, JsonNode attributes) {
    }

    private boolean incarnationAlive(long id) {
        try {
            String transactionId = call(() -> client.get(directory.incarnationAttribute(id,
                    TrainingDirectory.INCARNATION_TRANSACTION_ID))).asText();
            return call(() -> client.exists("#" + transactionId));
        } catch (YtException e) {
            return false;
        }
    }

    // ---- both

    /**
     * Polls {@code nodes/@count} until every node registered. Each node registers once under its
     * own index, so the count reaching the node count means the whole gang is there; the count
     * is one small number, whatever the gang's size. With a barrier server (the primary), a pause
     * ends early when the last peer says hello: the next poll is then the confirmation.
     * {@code onWait} runs once, when the first poll finds the gang incomplete.
     */
    private void awaitRegistrations(long id, BarrierPace pace, String who, long deadline,
                                    Optional<BarrierServer> barrier, Runnable onWait) throws InterruptedException {
        String count = directory.nodes(id) + "/@count";
        boolean waited = false;
        while (true) {
            int registered = call(() -> client.get(count)).asInt();
            long now = System.nanoTime();
            if (registered >= nodeCount) {
                return;
            }
            if (!waited) {
                waited = true;
                onWait.run();
            }
            if (now - deadline >= 0) {
                throw barrierTimeout(id, who);
            }
            long pauseNanos = Math.min(pace.next(registered, now).toNanos(), Math.max(0, deadline - now));
            if (barrier.isPresent()) {
                barrier.get().awaitAllHinted(now + pauseNanos);
            } else {
                Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
            }
        }
    }

    /** One registration for the whole node; refused when the incarnation transaction is gone. */
    private void register(YtClient guarded, long id) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put(TrainingDirectory.ADDRESS, self.endpoint().toString())
                .put(TrainingDirectory.JOB_ID, self.jobId());
        try {
            call(() -> guarded.create("map_node", directory.node(id, self.nodeIndex()),
                    CreateOptions.builder().recursive(true).attributes(attributes).build()));
        } catch (YtException e) {
            if (e.isAlreadyExists()) {
                throw new BootstrapException("node " + self.nodeIndex() + " is already registered in incarnation "
                        + id + " of " + directory.ytPath() + " (a restarted job cannot rejoin its gang)", e);
            }
            if (e.containsCode(PREREQUISITE_CHECK_FAILED)) {
                throw new BootstrapException("incarnation " + id + " of " + directory.ytPath()
                        + " ended before node " + self.nodeIndex() + " registered: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private BarrierTimeoutException barrierTimeout(long id, String who) {
        TreeSet<Integer> missing = IntStream.range(0, nodeCount).boxed().collect(Collectors.toCollection(TreeSet::new));
        try {
            for (String name : call(() -> client.list(directory.nodes(id)))) {
                missing.remove(Integer.parseInt(name));
            }
        } catch (YtException | NumberFormatException e) {
            // Without the list every node but this one is suspect; say so rather than hide the timeout.
            missing.remove(self.nodeIndex());
        }
        String names = missing.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String message = missing.isEmpty()
                ? "rendezvous of incarnation " + id + " in " + directory.ytPath() + " timed out after "
                        + seconds(options.barrierTimeout()) + ": every node registered but the primary (node 0)"
                        + " did not publish the topology"
                : "rendezvous of incarnation " + id + " in " + directory.ytPath() + " timed out after "
                        + seconds(options.barrierTimeout()) + " (" + who + "): node(s) " + names + " never arrived";
        return new BarrierTimeoutException(message, List.copyOf(missing));
    }

    private void run(Runnable request) {
        requests++;
        request.run();
    }

    private <T> T call(Supplier<T> request) {
        requests++;
        return request.get();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
