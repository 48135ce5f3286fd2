package ai.tracto.tractorun.yt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tracto.tractorun.yt.RecordingServer.Recorded;
import ai.tracto.tractorun.yt.RecordingServer.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordingServer server;
    private YtClient client;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = YtClient.builder().proxy(server.url().toString()).retryDeadline(Duration.ofSeconds(1))
                .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static TransactionOptions unpinged() {
        return TransactionOptions.builder().timeout(Duration.ofSeconds(30)).pinging(false).build();
    }

    @Test
    void startTransactionSendsTimeoutAndAttributes() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));

        Transaction tx = client.startTransaction(TransactionOptions.builder().timeout(Duration.ofSeconds(15))
                .attributes(MAPPER.createObjectNode().put("title", "x")).pinging(false).build());

        assertThat(tx.id()).isEqualTo("t-1");
        Recorded request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v4/start_transaction");
        assertThat(request.parameters().path("timeout").asLong()).isEqualTo(15000);
        assertThat(request.parameters().path("attributes")).isEqualTo(MAPPER.readTree("{\"title\":\"x\"}"));
        assertThat(request.parameters().has("transaction_id")).isFalse();
    }

    @Test
    void nestedTransactionNamesItsParent() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"child\"}"));

        client.withTransaction("parent").startTransaction(unpinged());

        assertThat(server.takeRequest().parameters().path("transaction_id").asText()).isEqualTo("parent");
    }

    @Test
    void transactionInAPrerequisiteViewIsStartedUnderThePrerequisitesButEndedPlainly() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.json("{}"));

        client.withPrerequisiteTransactions(java.util.List.of("p-1")).startTransaction(unpinged()).commit();

        assertThat(server.takeRequest().parameters().path("prerequisite_transaction_ids").get(0).asText())
                .isEqualTo("p-1");
        assertThat(server.takeRequest().parameters().has("prerequisite_transaction_ids")).isFalse();
    }

    @Test
    void closeAbortsAnUncommittedTransaction() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.json("{}"));

        try (Transaction tx = client.startTransaction(unpinged())) {
            assertThat(tx.isAlive()).isTrue();
        }

        server.takeRequest();
        Recorded abort = server.takeRequest();
        assertThat(abort.path()).isEqualTo("/api/v4/abort_transaction");
        assertThat(abort.parameters().path("transaction_id").asText()).isEqualTo("t-1");
    }

    @Test
    void closeAfterCommitDoesNotAbort() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.json("{}"));

        try (Transaction tx = client.startTransaction(unpinged())) {
            tx.commit();
            assertThat(tx.isAlive()).isFalse();
        }

        server.takeRequest();
        assertThat(server.takeRequest().path()).isEqualTo("/api/v4/commit_transaction");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void transactionClientRunsCommandsInTheTransaction() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.json("{\"value\":true}"));

        Transaction tx = client.startTransaction(unpinged());
        tx.client().exists("//a");

        server.takeRequest();
        assertThat(server.takeRequest().parameters()).isEqualTo(MAPPER.readTree("{\"transaction_id\":\"t-1\",\"path\":\"//a\"}"));
    }

    @Test
    void openTransactionIsPingedAutomatically() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        for (int i = 0; i < 100; i++) {
            server.enqueue(Response.json("{}")); // pings and the commit, in whatever order they come
        }

        Transaction tx = client.startTransaction(TransactionOptions.builder().timeout(Duration.ofMillis(150)).build());
        server.takeRequest();
        Recorded ping = server.takeRequest();
        tx.commit();

        assertThat(ping.path()).isEqualTo("/api/v4/ping_transaction");
        assertThat(ping.parameters().path("transaction_id").asText()).isEqualTo("t-1");
    }

    @Test
    void pingFindingTheTransactionGoneStopsPingingAndFailsCommit() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.error(11000, "No such transaction t-1"));

        Transaction tx = client.startTransaction(TransactionOptions.builder().timeout(Duration.ofMillis(150)).build());
        Instant giveUp = Instant.now().plusSeconds(10);
        while (tx.isAlive() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(10);
        }

        assertThat(tx.isAlive()).isFalse();
        assertThat(tx.pingFailure()).hasValueSatisfying(e -> assertThat(e.isNoSuchTransaction()).isTrue());
        assertThatThrownBy(tx::commit).isInstanceOfSatisfying(YtException.class,
                        e -> assertThat(e.isNoSuchTransaction()).isTrue())
                .hasMessageStartingWith("transaction t-1 cannot be committed: it expired or was aborted: No such transaction t-1");
        tx.close();
    }

    @Test
    void theLostEventFiresWithThePingErrorOnceAPingFindsTheTransactionGone() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.error(11000, "No such transaction t-1"));

        Transaction tx = client.startTransaction(TransactionOptions.builder().timeout(Duration.ofMillis(150)).build());
        YtException lost = tx.whenLost().get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(lost.isNoSuchTransaction()).isTrue();
        assertThat(tx.isAlive()).isFalse();
        tx.close();
    }

    @Test
    void anAbortedTransactionIsNeverReportedLost() throws Exception {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        server.enqueue(Response.json("{}"));

        Transaction tx = client.startTransaction(TransactionOptions.builder().timeout(Duration.ofMinutes(1)).build());
        tx.abort();

        assertThat(tx.whenLost()).isNotDone();
    }

    @Test
    void closedClientStartsNoPingedTransactions() {
        server.enqueue(Response.json("{\"transaction_id\":\"t-1\"}"));
        client.close();

        assertThatThrownBy(() -> client.startTransaction(TransactionOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessage("the YtClient is closed");
    }
}
