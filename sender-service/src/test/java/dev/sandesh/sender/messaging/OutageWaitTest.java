package dev.sandesh.sender.messaging;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.BatchOutcome.Result;
import dev.sandesh.contracts.ConsumerFailures;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.domain.SendResult;
import dev.sandesh.sender.fake.FakeCloudApi;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.persistence.AttemptStarts;
import dev.sandesh.sender.persistence.SendLedgerRepository;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sandesh.sender.messaging.BrokerTap.batch;
import static dev.sandesh.sender.messaging.BrokerTap.digits;
import static dev.sandesh.sender.messaging.BrokerTap.phoneNumberId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages are waits, not failures (issue 13): the ledger is made to fail with a lost-connection
 * error for a number of calls — the claim before the sends, the record after them — and the batch
 * waits and goes through, each recipient sent once, nothing dead-lettered. An unexpected error that
 * persists is dead-lettered with its reason, and {@code POST /internal/v1/dlq/sender.batches/replay}
 * brings it back once the cause is gone. Real broker and database; the failures are injected.
 */
@QuarkusTest
class OutageWaitTest {

    /** The real ledger, failing the next {@code claimFailures} claims and {@code recordFailures} records. */
    static final class FlakyLedger extends SendLedgerRepository {
        final AtomicInteger claimFailures = new AtomicInteger();
        final AtomicInteger recordFailures = new AtomicInteger();
        final AtomicInteger claims = new AtomicInteger();
        final AtomicInteger records = new AtomicInteger();
        volatile RuntimeException claimError = new RuntimeException("lost", new ConnectException("Connection refused"));

        FlakyLedger(Pool pool) {
            super(pool);
        }

        @Override
        public Uni<Set<Long>> claim(SendBatch batch, UUID claimToken) {
            claims.incrementAndGet();
            if (claimFailures.getAndDecrement() > 0) {
                return Uni.createFrom().failure(claimError);
            }
            return super.claim(batch, claimToken);
        }

        @Override
        public Uni<Integer> record(UUID campaignId, UUID claimToken, List<SendResult> all) {
            records.incrementAndGet();
            if (recordFailures.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new RuntimeException("Connection is closed"));
            }
            return super.record(campaignId, claimToken, all);
        }
    }

    private static BrokerTap tap;

    @Inject
    Pool pool;

    @Inject
    FakeCloudApi api;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    FlakyLedger ledger;

    @BeforeAll
    static void connect() throws Exception {
        tap = new BrokerTap("sender-outage-test");
    }

    @AfterAll
    static void disconnect() throws Exception {
        tap.close();
    }

    @BeforeEach
    void injectTheLedger() throws Exception {
        breakers.resetAll();
        ledger = new FlakyLedger(pool);
        QuarkusMock.installMockForType(ledger, SendLedgerRepository.class);
        tap.channel().queuePurge(Topology.BATCHES.deadLetterQueue());
    }

    @Test
    void aClaimThatCannotReachTheDatabaseWaitsAndTheBatchGoesThroughOnce() throws Exception {
        // 3 in-handler attempts per delivery attempt: 7 failures are three waits of the consumer.
        ledger.claimFailures.set(7);
        SendBatch batch = batch(phoneNumberId(), 3);

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1, Duration.ofSeconds(60)).getFirst();

        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        assertThat(ledger.claims.get()).isGreaterThanOrEqualTo(8);
        for (SendBatch.Recipient recipient : batch.recipients()) {
            assertThat(api.callsTo(batch.phoneNumberId(), digits(recipient))).isEqualTo(1);
        }
        assertThat(deadLetters()).isZero();
    }

    @Test
    void resultsThatCannotBeRecordedAfterTheSendsAreKeptAndRecordedLaterNeverSentAgain() throws Exception {
        ledger.recordFailures.set(6);
        SendBatch batch = batch(phoneNumberId(), 4);

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1, Duration.ofSeconds(60)).getFirst();

        assertThat(ledger.records.get()).isEqualTo(7);
        assertThat(outcome.recipients()).allSatisfy(r -> {
            assertThat(r.result()).isEqualTo(Result.ACCEPTED);
            assertThat(r.wamid()).startsWith("wamid.");
        });
        Map<Long, String> wamids = ledgerWamids(batch.campaignId());
        assertThat(wamids).hasSize(4).allSatisfy((sequence, wamid) -> assertThat(wamid).startsWith("wamid."));
        for (SendBatch.Recipient recipient : batch.recipients()) {
            assertThat(api.callsTo(batch.phoneNumberId(), digits(recipient))).isEqualTo(1);
        }
        assertThat(deadLetters()).isZero();
    }

    /** The real marks, failing the next {@code failures} with a lost connection. */
    static final class FlakyStarts extends AttemptStarts {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        FlakyStarts(Pool pool, SenderConfig config) {
            super(pool, config);
        }

        @Override
        public CompletionStage<Boolean> start(UUID campaignId, long sequence, UUID claimToken) {
            if (failures.getAndDecrement() > 0) {
                failed.incrementAndGet();
                return CompletableFuture.failedFuture(new RuntimeException("lost", new ConnectException("Connection refused")));
            }
            return super.start(campaignId, sequence, claimToken);
        }
    }

    @Inject
    SenderConfig senderConfig;

    @Test
    void anAttemptStartedMarkThatCannotBeWrittenSendsNothingUntilItIsThenEachRecipientOnce() throws Exception {
        FlakyStarts starts = new FlakyStarts(pool, senderConfig);
        starts.failures.set(6);
        QuarkusMock.installMockForType(starts, AttemptStarts.class);
        SendBatch batch = batch(phoneNumberId(), 3);

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1, Duration.ofSeconds(60)).getFirst();

        assertThat(starts.failed.get()).isEqualTo(6);
        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        for (SendBatch.Recipient recipient : batch.recipients()) {
            assertThat(api.callsTo(batch.phoneNumberId(), digits(recipient))).isEqualTo(1);
        }
        assertThat(deadLetters()).isZero();
    }

    @Test
    void anUnexpectedErrorIsDeadLetteredWithItsReasonAndAReplayBringsTheBatchBack() throws Exception {
        ledger.claimError = new IllegalStateException("a bug in the claim");
        ledger.claimFailures.set(Integer.MAX_VALUE);
        SendBatch batch = batch(phoneNumberId(), 2);

        tap.publish(batch);
        GetResponse dead = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> tap.channel().basicGet(Topology.BATCHES.deadLetterQueue(), false), r -> r != null);
        assertThat(WireJson.decode(dead.getBody(), SendBatch.class, SendBatch.VERSION).campaignId()).isEqualTo(batch.campaignId());
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(ConsumerFailures.REASON_HEADER).toString()).isEqualTo("IllegalStateException: a bug in the claim");
        assertThat(headers.get(ConsumerFailures.EXCEPTION_HEADER).toString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(headers.get(ConsumerFailures.QUEUE_HEADER).toString()).isEqualTo(Topology.BATCHES.queue());
        assertThat(headers.get(Topology.TYPE_HEADER).toString()).isEqualTo("SendBatch");
        tap.channel().basicNack(dead.getEnvelope().getDeliveryTag(), false, true);
        assertThat(api.calls(batch.phoneNumberId())).isEmpty();

        // The fix: the claim works again. The replay moves the dead letter back and the batch is sent.
        ledger.claimFailures.set(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() == 1);
        given().header("Authorization", "Bearer " + internalSecret())
                .post("/internal/v1/dlq/{queue}/replay", Topology.BATCHES.queue())
                .then().statusCode(200)
                .body("queue", org.hamcrest.Matchers.equalTo("sender.batches"))
                .body("moved", org.hamcrest.Matchers.equalTo(1));

        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1, Duration.ofSeconds(30)).getFirst();
        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aReplayOfAQueueThisServiceDoesNotConsumeIsRefused() {
        given().header("Authorization", "Bearer " + internalSecret())
                .post("/internal/v1/dlq/{queue}/replay", "webhook.outcomes")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("queue"));
    }

    @Test
    void theConsumersReportThemselvesReadyAndLive() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'consumers' }.data.batches", org.hamcrest.Matchers.equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'consumers' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    private static long deadLetters() throws Exception {
        return tap.channel().queueDeclarePassive(Topology.BATCHES.deadLetterQueue()).getMessageCount();
    }

    private static String internalSecret() {
        return ConfigProvider.getConfig().getOptionalValue("sandesh.internal.secret", String.class).orElse("");
    }

    private Map<Long, String> ledgerWamids(UUID campaignId) {
        Map<Long, String> wamids = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT recipient_seq, wamid FROM sender.send_ledger WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10))) {
            wamids.put(row.getLong("recipient_seq"), row.getString("wamid"));
        }
        return wamids;
    }
}
