package dev.sandesh.sender.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.Result;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.fake.FakeCloudApi;
import dev.sandesh.sender.fake.FakeCloudApi.Script;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path over the real broker and database: a SendBatch published to sandesh.batches is
 * sent to a fake Cloud API served by this test app, recorded in sender.send_ledger, and reported
 * in one BatchOutcome on sandesh.outcomes.
 */
@QuarkusTest
class SendBatchFlowTest {

    private static final String VHOST = "sandesh-test-sender";
    private static final String OUTCOME_TAP = "sender-test.outcomes";

    private static Connection connection;
    private static Channel channel;
    /** Every outcome seen on the tap queue, by campaign, in arrival order. */
    private static final Map<UUID, List<BatchOutcome>> outcomes = new ConcurrentHashMap<>();
    private static final List<AMQP.BasicProperties> outcomeProperties = new CopyOnWriteArrayList<>();

    @Inject
    FakeCloudApi api;

    @Inject
    Pool pool;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @org.junit.jupiter.api.BeforeEach
    void closeTheBreaker() {
        breakers.resetAll();
    }

    @BeforeAll
    static void connectAndPurge() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(VHOST);
        connection = factory.newConnection("sender-service-test");
        channel = connection.createChannel();
        // A queue of our own on the outcomes exchange, so the test sees every outcome the app publishes.
        channel.exchangeDeclare(Topology.OUTCOMES.exchange(), "topic", true);
        channel.queueDeclare(OUTCOME_TAP, false, false, false, null);
        channel.queueBind(OUTCOME_TAP, Topology.OUTCOMES.exchange(), "#");
        channel.queuePurge(OUTCOME_TAP);
        channel.queuePurge(Topology.BATCHES.deadLetterQueue());
        channel.queuePurge(Topology.OUTCOMES.queue());
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void theRoutesItPublishesToAreDeclaredAtStartupWithTheirDeadLetterQueues() throws Exception {
        for (Topology.Route route : List.of(Topology.OUTCOMES, Topology.OPTOUTS)) {
            for (String queue : List.of(route.queue(), route.deadLetterQueue())) {
                // A passive declaration closes its channel when the queue is missing: a channel of its own.
                try (Channel probe = connection.createChannel()) {
                    assertThat(probe.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
                }
            }
        }
    }

    @Test
    void acceptedSendsAreReportedWithTheirWamidsAndRecordedInTheLedger() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 3);

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.campaignId()).isEqualTo(batch.campaignId());
        assertThat(outcome.batchNumber()).isEqualTo(batch.batchNumber());
        assertThat(outcome.phoneNumberId()).isEqualTo(phoneNumberId);
        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::sequence).containsExactly(0L, 1L, 2L);
        assertThat(outcome.recipients()).allSatisfy(r -> {
            assertThat(r.result()).isEqualTo(Result.ACCEPTED);
            assertThat(r.wamid()).startsWith("wamid.FAKE");
            assertThat(r.country()).isEqualTo("IN");
        });
        Map<Long, LedgerRow> ledger = ledger(batch.campaignId());
        assertThat(ledger).hasSize(3);
        for (BatchOutcome.RecipientOutcome r : outcome.recipients()) {
            LedgerRow row = ledger.get(r.sequence());
            assertThat(row.state()).isEqualTo("ACCEPTED");
            assertThat(row.wamid()).isEqualTo(r.wamid());
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.batchNumber()).isEqualTo(batch.batchNumber());
            assertThat(row.phoneNumberId()).isEqualTo(phoneNumberId);
        }
        AMQP.BasicProperties properties = outcomeProperties.getLast();
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getDeliveryMode()).isEqualTo(2);
        assertThat(properties.getHeaders()).containsKey(Topology.TYPE_HEADER);
        assertThat(properties.getHeaders().get(Topology.TYPE_HEADER).toString()).isEqualTo("BatchOutcome");
    }

    @Test
    void theRequestIsMetasTemplateMessageWithTheBearerToken() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 1);

        publish(batch);
        awaitOutcomes(batch.campaignId(), 1);

        FakeCloudApi.Call call = api.calls(phoneNumberId).getFirst();
        assertThat(call.authorization()).isEqualTo("Bearer " + FakeCloudApi.ACCESS_TOKEN);
        var body = call.body();
        assertThat(body.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(body.path("recipient_type").asText()).isEqualTo("individual");
        assertThat(body.path("type").asText()).isEqualTo("template");
        assertThat(body.path("to").asText()).isEqualTo(digits(batch.recipients().getFirst().phone()));
        assertThat(body.path("template").path("name").asText()).isEqualTo("sandesh_demo");
        assertThat(body.path("template").path("language").path("code").asText()).isEqualTo("en");
        var component = body.path("template").path("components").get(0);
        assertThat(component.path("type").asText()).isEqualTo("body");
        assertThat(component.path("parameters").get(0).path("type").asText()).isEqualTo("text");
        assertThat(component.path("parameters").get(0).path("text").asText()).isEqualTo("Asha 0");
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimesThenRecordedFailed() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 3);
        String alwaysDown = digits(batch.recipients().get(0).phone());
        String transientThenUp = digits(batch.recipients().get(1).phone());
        api.script(alwaysDown, new Script.PlainError(503));
        api.script(transientThenUp, new Script.FailThenAccept(new Script.MetaError(500, 131000, "Something went wrong"), 2));

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        // 1 call + 3 retries, then given up.
        assertThat(api.callsTo(phoneNumberId, alwaysDown)).isEqualTo(4);
        BatchOutcome.RecipientOutcome down = outcome.recipients().get(0);
        assertThat(down.result()).isEqualTo(Result.FAILED);
        assertThat(down.errorCode()).isEqualTo(-503);
        assertThat(api.callsTo(phoneNumberId, transientThenUp)).isEqualTo(3);
        assertThat(outcome.recipients().get(1).result()).isEqualTo(Result.ACCEPTED);
        assertThat(outcome.recipients().get(2).result()).isEqualTo(Result.ACCEPTED);
        Map<Long, LedgerRow> ledger = ledger(batch.campaignId());
        assertThat(ledger.get(0L)).extracting(LedgerRow::state, LedgerRow::errorCode, LedgerRow::attempts)
                .containsExactly("FAILED", -503, 4);
        assertThat(ledger.get(1L)).extracting(LedgerRow::state, LedgerRow::attempts).containsExactly("ACCEPTED", 3);
    }

    @Test
    void aPermanentErrorIsRecordedFailedWithCodeAndTitleAndNeverRetried() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 2);
        String undeliverable = digits(batch.recipients().get(0).phone());
        api.script(undeliverable, new Script.MetaError(400, 131026, "Message undeliverable"));

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(api.callsTo(phoneNumberId, undeliverable)).isEqualTo(1);
        BatchOutcome.RecipientOutcome failed = outcome.recipients().get(0);
        assertThat(failed.result()).isEqualTo(Result.FAILED);
        assertThat(failed.errorCode()).isEqualTo(131026);
        assertThat(failed.errorTitle()).isEqualTo("Message undeliverable");
        assertThat(failed.wamid()).isNull();
        assertThat(outcome.recipients().get(1).result()).isEqualTo(Result.ACCEPTED);
        assertThat(ledger(batch.campaignId()).get(0L))
                .extracting(LedgerRow::state, LedgerRow::errorCode, LedgerRow::errorTitle, LedgerRow::attempts)
                .containsExactly("FAILED", 131026, "Message undeliverable", 1);
    }

    @Test
    void aThroughputErrorIsRetriedAfterABackoff() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 1);
        String to = digits(batch.recipients().getFirst().phone());
        api.script(to, new Script.FailThenAccept(new Script.MetaError(400, 130429, "(#130429) Rate limit hit"), 1));

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients().getFirst().result()).isEqualTo(Result.ACCEPTED);
        List<FakeCloudApi.Call> calls = api.calls(phoneNumberId);
        assertThat(calls).hasSize(2);
        assertThat(Duration.ofNanos(calls.get(1).atNanos() - calls.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(ledger(batch.campaignId()).get(0L).attempts()).isEqualTo(2);
    }

    @Test
    void aTimeoutIsUnknownAndNeverRetried() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 2);
        String slow = digits(batch.recipients().get(0).phone());
        api.script(slow, new Script.Slow(Duration.ofSeconds(3)));

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        BatchOutcome.RecipientOutcome unknown = outcome.recipients().get(0);
        assertThat(unknown.result()).isEqualTo(Result.UNKNOWN);
        assertThat(unknown.wamid()).isNull();
        assertThat(api.callsTo(phoneNumberId, slow)).isEqualTo(1);
        assertThat(outcome.recipients().get(1).result()).isEqualTo(Result.ACCEPTED);
        assertThat(ledger(batch.campaignId()).get(0L).state()).isEqualTo("UNKNOWN");
    }

    @Test
    void aBatchDeliveredTwiceSendsNobodyTwiceAndReReportsTheFirstResults() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 4);
        api.script(digits(batch.recipients().get(3).phone()), new Script.MetaError(400, 131026, "Message undeliverable"));

        publish(batch);
        BatchOutcome first = awaitOutcomes(batch.campaignId(), 1).getFirst();
        publish(batch);
        BatchOutcome second = awaitOutcomes(batch.campaignId(), 2).get(1);

        for (SendBatch.Recipient r : batch.recipients()) {
            assertThat(api.callsTo(phoneNumberId, digits(r.phone()))).as("calls to recipient %d", r.sequence()).isEqualTo(1);
        }
        assertThat(second.recipients()).isEqualTo(first.recipients());
        assertThat(second.recipients()).extracting(BatchOutcome.RecipientOutcome::result)
                .containsExactly(Result.ACCEPTED, Result.ACCEPTED, Result.ACCEPTED, Result.FAILED);
    }

    @Test
    void recipientsWhoseAttemptStartedInADeliveryThatDiedAreReportedUnknownAndNotSent() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 3);
        // A sender crashed after marking recipient 1's attempt started and before recording its result.
        pool.preparedQuery("""
                        INSERT INTO sender.send_ledger (campaign_id, recipient_seq, batch_number, phone_number_id, state, claim_token,
                                                        attempt_started_at)
                        VALUES ($1, 1, $2, $3, 'CLAIMED', $4, now())""")
                .execute(Tuple.of(batch.campaignId(), batch.batchNumber(), phoneNumberId, UUID.randomUUID()))
                .await().atMost(Duration.ofSeconds(10));

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(api.callsTo(phoneNumberId, digits(batch.recipients().get(1).phone()))).isZero();
        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::result)
                .containsExactly(Result.ACCEPTED, Result.UNKNOWN, Result.ACCEPTED);
        assertThat(outcome.recipients().get(1).errorTitle()).contains("may have left");
        assertThat(ledger(batch.campaignId()).get(1L).state()).isEqualTo("UNKNOWN");
    }

    @Test
    void recipientsClaimedByADeliveryThatDiedBeforeTheirAttemptStartedAreTakenOverAndSentOnce() throws Exception {
        String phoneNumberId = phoneNumberId();
        SendBatch batch = batch(phoneNumberId, 3);
        // A sender crashed after claiming recipients 1 and 2, before either's request was about to leave.
        UUID deadDelivery = UUID.randomUUID();
        pool.preparedQuery("""
                        INSERT INTO sender.send_ledger (campaign_id, recipient_seq, batch_number, phone_number_id, state, claim_token)
                        SELECT $1, seq, $2, $3, 'CLAIMED', $4 FROM unnest(ARRAY[1, 2]::bigint[]) AS seq""")
                .execute(Tuple.of(batch.campaignId(), batch.batchNumber(), phoneNumberId, deadDelivery))
                .await().atMost(Duration.ofSeconds(10));

        publish(batch);
        BatchOutcome outcome = awaitOutcomes(batch.campaignId(), 1).getFirst();

        for (SendBatch.Recipient r : batch.recipients()) {
            assertThat(api.callsTo(phoneNumberId, digits(r.phone()))).as("calls to recipient %d", r.sequence()).isEqualTo(1);
        }
        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::result)
                .containsExactly(Result.ACCEPTED, Result.ACCEPTED, Result.ACCEPTED);
        assertThat(ledger(batch.campaignId()).values()).extracting(LedgerRow::state).containsOnly("ACCEPTED");
        assertThat(claimTokens(batch.campaignId())).doesNotContain(deadDelivery);
    }

    @Test
    void sendsForOneNumberStayWithinTheRateAcrossConcurrentBatches() throws Exception {
        int rate = 20; // %test.sandesh.sender.rate
        String phoneNumberId = phoneNumberId();
        SendBatch first = batch(phoneNumberId, 30);
        SendBatch second = new SendBatch(UUID.randomUUID(), 0, phoneNumberId, first.template(),
                recipients(30, 100));

        publish(first);
        publish(second);
        awaitOutcomes(first.campaignId(), 1);
        awaitOutcomes(second.campaignId(), 1);

        List<Long> times = api.calls(phoneNumberId).stream().map(FakeCloudApi.Call::atNanos).sorted().toList();
        assertThat(times).hasSize(60);
        // Evenly spaced slots leave at most rate + 1 per second; arrivals at the fake may bunch by one
        // more under load (network and scheduling jitter after the pacer), never by a burst.
        assertThat(maxInAnyWindow(times, Duration.ofSeconds(1))).isLessThanOrEqualTo(rate + 2);
        // ...and the pacing is not wildly under the rate either: 60 sends at 20/s take about 3 s.
        assertThat(Duration.ofNanos(times.getLast() - times.getFirst())).isBetween(Duration.ofMillis(2_700), Duration.ofSeconds(6));
    }

    @Test
    void aBodyThatIsNotASendBatchGoesStraightToTheDeadLetterQueue() throws Exception {
        byte[] poison = "{\"version\":99,\"campaignId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8);
        String marker = UUID.randomUUID().toString();
        channel.basicPublish(Topology.BATCHES.exchange(), "batch", new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).messageId(marker)
                .headers(signed("SendBatch", poison)).build(), poison);

        awaitDeadLetter(marker);
    }

    @Test
    void anUnsignedOrForgedBatchGoesStraightToTheDeadLetterQueueAndNothingIsSent() throws Exception {
        String number = phoneNumberId();
        SendBatch unsignedBatch = batch(number, 2);
        String unsignedMarker = UUID.randomUUID().toString();
        channel.basicPublish(Topology.BATCHES.exchange(), "campaign." + unsignedBatch.campaignId(), new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).messageId(unsignedMarker)
                .headers(Map.of(Topology.TYPE_HEADER, "SendBatch")).build(), WireJson.encode(unsignedBatch));
        awaitDeadLetter(unsignedMarker);

        SendBatch forgedBatch = batch(number, 2);
        byte[] body = WireJson.encode(forgedBatch);
        Map<String, Object> forged = new HashMap<>(dev.sandesh.contracts.InternalSignature.of("an-attackers-guess-at-the-secret",
                java.util.Optional.empty()).headers("SendBatch", body));
        String forgedMarker = UUID.randomUUID().toString();
        channel.basicPublish(Topology.BATCHES.exchange(), "campaign." + forgedBatch.campaignId(), new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).messageId(forgedMarker).headers(forged).build(), body);
        awaitDeadLetter(forgedMarker);

        assertThat(api.calls(number)).isEmpty();
    }

    private static void awaitDeadLetter(String marker) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            GetResponse dead;
            while ((dead = channel.basicGet(Topology.BATCHES.deadLetterQueue(), true)) != null) {
                if (marker.equals(dead.getProps().getMessageId())) {
                    return true;
                }
            }
            return false;
        });
    }

    private static Map<String, Object> signed(String type, byte[] body) {
        Map<String, Object> headers = new HashMap<>(dev.sandesh.contracts.InternalSignature.installed().headers(type, body));
        headers.put(Topology.TYPE_HEADER, type);
        return headers;
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * A business number of the test's own: leftovers of an earlier run (batches still queued when it
     * stopped) are consumed when the app starts, and must not count as this run's calls.
     */
    private static String phoneNumberId() {
        return "10" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
    }

    private static SendBatch batch(String phoneNumberId, int size) {
        return new SendBatch(UUID.randomUUID(), 7, phoneNumberId, new TemplateRef("sandesh_demo", "en", "marketing"),
                recipients(size, 0));
    }

    private static List<SendBatch.Recipient> recipients(int size, int offset) {
        // Numbers unique per test run, so scripts and call counts never leak between tests.
        long base = 919_000_000_000L + (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 900_000_000L);
        return IntStream.range(0, size)
                .mapToObj(i -> new SendBatch.Recipient(i, "+" + (base + offset + i), "IN", List.of("Asha " + i)))
                .toList();
    }

    private static String digits(String e164) {
        return e164.substring(1);
    }

    private static void publish(SendBatch batch) throws Exception {
        channel.basicPublish(Topology.BATCHES.exchange(), "campaign." + batch.campaignId(), new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2)
                .headers(signed(batch.type(), WireJson.encode(batch))).build(), WireJson.encode(batch));
    }

    private static List<BatchOutcome> awaitOutcomes(UUID campaignId, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            drainOutcomes();
            return outcomes.getOrDefault(campaignId, List.of()).size() >= count;
        });
        return outcomes.get(campaignId);
    }

    private static synchronized void drainOutcomes() throws Exception {
        GetResponse response;
        while ((response = channel.basicGet(OUTCOME_TAP, true)) != null) {
            BatchOutcome outcome = WireJson.decode(response.getBody(), BatchOutcome.class, BatchOutcome.VERSION);
            outcomes.computeIfAbsent(outcome.campaignId(), k -> new CopyOnWriteArrayList<>()).add(outcome);
            outcomeProperties.add(response.getProps());
        }
    }

    private record LedgerRow(long sequence, int batchNumber, String phoneNumberId, String state, String wamid,
                             Integer errorCode, String errorTitle, int attempts) {}

    private Map<Long, LedgerRow> ledger(UUID campaignId) {
        var rows = pool.preparedQuery("""
                        SELECT recipient_seq, batch_number, phone_number_id, state, wamid, error_code, error_title, attempts
                          FROM sender.send_ledger WHERE campaign_id = $1""")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10));
        Map<Long, LedgerRow> bySequence = new HashMap<>();
        for (Row row : rows) {
            bySequence.put(row.getLong("recipient_seq"), new LedgerRow(row.getLong("recipient_seq"), row.getInteger("batch_number"),
                    row.getString("phone_number_id"), row.getString("state"), row.getString("wamid"),
                    row.getInteger("error_code"), row.getString("error_title"), row.getInteger("attempts")));
        }
        return bySequence;
    }

    private java.util.Set<UUID> claimTokens(UUID campaignId) {
        java.util.Set<UUID> tokens = new java.util.HashSet<>();
        pool.preparedQuery("SELECT DISTINCT claim_token FROM sender.send_ledger WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> tokens.add(row.getUUID("claim_token")));
        return tokens;
    }

    static int maxInAnyWindow(List<Long> sortedNanos, Duration width) {
        int max = 0;
        int head = 0;
        for (int tail = 0; tail < sortedNanos.size(); tail++) {
            while (sortedNanos.get(tail) - sortedNanos.get(head) >= width.toNanos()) {
                head++;
            }
            max = Math.max(max, tail - head + 1);
        }
        return max;
    }
}
