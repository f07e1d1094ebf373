package dev.sandesh.sender.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.Result;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireEvent;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.fake.FakeCloudApi;
import dev.sandesh.sender.fake.FakeCloudApi.Script;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over the real broker and database: opt-outs on sandesh.optouts reach sender.optouts and keep an
 * opted-out recipient from being sent (by scope and business number); 130497 fails only its
 * recipient; a held send answer is kept in the ledger and the outcome.
 */
@QuarkusTest
class OptOutsAndHoldsFlowTest {

    private static final String VHOST = "sandesh-test-sender";
    private static final String OUTCOME_TAP = "sender-test.optouts-outcomes";

    private static Connection connection;
    private static Channel channel;
    private static final Map<UUID, BatchOutcome> outcomes = new ConcurrentHashMap<>();

    @Inject
    FakeCloudApi api;

    @Inject
    Pool pool;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void closeTheBreaker() {
        breakers.resetAll();
    }

    @BeforeAll
    static void connect() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost(VHOST);
        connection = factory.newConnection("sender-service-optout-test");
        channel = connection.createChannel();
        channel.exchangeDeclare(Topology.OUTCOMES.exchange(), "topic", true);
        channel.queueDeclare(OUTCOME_TAP, false, false, false, null);
        channel.queueBind(OUTCOME_TAP, Topology.OUTCOMES.exchange(), "#");
        channel.queuePurge(OUTCOME_TAP);
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void theOptOutsQueueIsDeclaredWithItsDeadLetterQueue() throws Exception {
        for (String queue : List.of(Topology.SENDER_OPTOUTS.queue(), Topology.SENDER_OPTOUTS.deadLetterQueue())) {
            try (Channel probe = connection.createChannel()) {
                assertThat(probe.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
            }
        }
    }

    @Test
    void aMarketingOptOutOfThisNumberKeepsItsRecipientFromAMarketingCampaignButNotFromAUtilityOne() throws Exception {
        String number = phoneNumberId();
        List<SendBatch.Recipient> recipients = recipients(3);
        String stopped = recipients.get(1).phone();
        publish(Topology.OPTOUTS.exchange(), new OptOut(stopped, null, number, OptOut.Scope.MARKETING, OptOut.Action.OPT_OUT,
                OptOut.Source.USER_PREFERENCES, Instant.now()));
        awaitStored(stopped);

        SendBatch marketing = new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("sandesh_demo", "en", "marketing"), recipients);
        SendBatch utility = new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("order_update", "en", "utility"), recipients);
        publish(Topology.BATCHES.exchange(), marketing);
        BatchOutcome marketingOutcome = awaitOutcome(marketing.campaignId());
        publish(Topology.BATCHES.exchange(), utility);
        BatchOutcome utilityOutcome = awaitOutcome(utility.campaignId());

        BatchOutcome.RecipientOutcome notSent = marketingOutcome.recipients().stream().filter(r -> r.sequence() == 1).findFirst().orElseThrow();
        assertThat(notSent.result()).isEqualTo(Result.FAILED);
        assertThat(notSent.errorCode()).isEqualTo(-5);
        assertThat(marketingOutcome.recipients()).filteredOn(r -> r.sequence() != 1).allMatch(r -> r.result() == Result.ACCEPTED);
        assertThat(utilityOutcome.recipients()).allMatch(r -> r.result() == Result.ACCEPTED);
        // Sent once (utility), never for the marketing campaign.
        assertThat(api.callsTo(number, stopped.substring(1))).isEqualTo(1);
        assertThat(ledgerState(marketing.campaignId(), 1)).isEqualTo("FAILED");
    }

    @Test
    void anOptOutOfAnotherBusinessNumberDoesNotApplyButOneOfEveryNumberDoes() throws Exception {
        String number = phoneNumberId();
        List<SendBatch.Recipient> recipients = recipients(2);
        String otherNumbers = recipients.get(0).phone();
        String everyNumber = recipients.get(1).phone();
        publish(Topology.OPTOUTS.exchange(), new OptOut(otherNumbers, null, "999000111", OptOut.Scope.ALL, OptOut.Action.OPT_OUT,
                OptOut.Source.KEYWORD, Instant.now()));
        publish(Topology.OPTOUTS.exchange(), new OptOut(everyNumber, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now()));
        awaitStored(otherNumbers);
        awaitStored(everyNumber);

        SendBatch batch = new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("order_update", "en", "utility"), recipients);
        publish(Topology.BATCHES.exchange(), batch);
        BatchOutcome outcome = awaitOutcome(batch.campaignId());

        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::result).containsExactly(Result.ACCEPTED, Result.FAILED);
        assertThat(api.callsTo(number, everyNumber.substring(1))).isZero();
    }

    @Test
    void anOptInAfterTheOptOutLetsTheRecipientBeSentAgain() throws Exception {
        String number = phoneNumberId();
        List<SendBatch.Recipient> recipients = recipients(1);
        String phone = recipients.getFirst().phone();
        Instant at = Instant.now().minusSeconds(60);
        publish(Topology.OPTOUTS.exchange(), new OptOut(phone, null, number, OptOut.Scope.MARKETING, OptOut.Action.OPT_OUT,
                OptOut.Source.USER_PREFERENCES, at));
        publish(Topology.OPTOUTS.exchange(), new OptOut(phone, null, number, OptOut.Scope.MARKETING, OptOut.Action.OPT_IN,
                OptOut.Source.USER_PREFERENCES, at.plusSeconds(30)));
        await().atMost(Duration.ofSeconds(20)).until(() -> optedOut(phone) == Boolean.FALSE);

        SendBatch batch = new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("sandesh_demo", "en", "marketing"), recipients);
        publish(Topology.BATCHES.exchange(), batch);

        assertThat(awaitOutcome(batch.campaignId()).recipients()).singleElement().extracting(BatchOutcome.RecipientOutcome::result)
                .isEqualTo(Result.ACCEPTED);
    }

    @Test
    void aCountryRestrictionFailsOnlyThatRecipientAndTheCampaignGoesOn() throws Exception {
        String number = phoneNumberId();
        List<SendBatch.Recipient> recipients = recipients(4);
        String restricted = recipients.get(0).phone();
        api.script(restricted.substring(1), new Script.MetaError(400, 130497,
                "Business account is restricted from messaging users in this country"));
        SendBatch batch = new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("sandesh_demo", "en", "marketing"), recipients);

        publish(Topology.BATCHES.exchange(), batch);
        BatchOutcome outcome = awaitOutcome(batch.campaignId());

        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::result)
                .containsExactly(Result.FAILED, Result.ACCEPTED, Result.ACCEPTED, Result.ACCEPTED);
        assertThat(outcome.recipients().getFirst().errorCode()).isEqualTo(130497);
        // Neither the number nor the campaign was halted: a later batch on the number is sent.
        SendBatch later = new SendBatch(batch.campaignId(), 1, number, batch.template(), recipients(2, 10));
        publish(Topology.BATCHES.exchange(), later);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.accepted(number) == 5);
    }

    @Test
    void aHeldSendAnswerIsKeptInTheLedgerAndTheOutcome() throws Exception {
        String number = phoneNumberId();
        List<SendBatch.Recipient> recipients = recipients(2);
        api.script(recipients.get(0).phone().substring(1), new Script.Held());
        SendBatch batch = new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("sandesh_demo", "en", "marketing"), recipients);

        publish(Topology.BATCHES.exchange(), batch);
        BatchOutcome outcome = awaitOutcome(batch.campaignId());

        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        assertThat(outcome.recipients().get(0).messageStatus()).isEqualTo("held_for_quality_assessment");
        assertThat(outcome.recipients().get(0).held()).isTrue();
        assertThat(outcome.recipients().get(1).messageStatus()).isEqualTo("accepted");
        String stored = pool.preparedQuery("SELECT message_status FROM sender.send_ledger WHERE campaign_id = $1 AND recipient_seq = 0")
                .execute(Tuple.of(batch.campaignId())).await().atMost(Duration.ofSeconds(10)).iterator().next().getString("message_status");
        assertThat(stored).isEqualTo("held_for_quality_assessment");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String phoneNumberId() {
        return "10" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
    }

    private static List<SendBatch.Recipient> recipients(int size) {
        return recipients(size, 0);
    }

    private static List<SendBatch.Recipient> recipients(int size, int offset) {
        long base = 919_000_000_000L + (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 900_000_000L);
        return IntStream.range(0, size)
                .mapToObj(i -> new SendBatch.Recipient(offset + i, "+" + (base + offset + i), "IN", List.of("Asha " + i)))
                .toList();
    }

    private static void publish(String exchange, WireEvent event) throws Exception {
        channel.basicPublish(exchange, "test", new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2)
                .headers(BrokerTap.signedHeaders(event)).build(), WireJson.encode(event));
    }

    private Boolean optedOut(String phone) {
        var rows = pool.preparedQuery("SELECT bool_or(opted_out) AS o FROM sender.opt_out WHERE subject = $1")
                .execute(Tuple.of(phone)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().next().getBoolean("o");
    }

    private void awaitStored(String phone) {
        await().atMost(Duration.ofSeconds(20)).until(() -> optedOut(phone) == Boolean.TRUE);
    }

    private String ledgerState(UUID campaignId, long sequence) {
        return pool.preparedQuery("SELECT state FROM sender.send_ledger WHERE campaign_id = $1 AND recipient_seq = $2")
                .execute(Tuple.of(campaignId, sequence)).await().atMost(Duration.ofSeconds(10)).iterator().next().getString("state");
    }

    private static BatchOutcome awaitOutcome(UUID campaignId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            GetResponse response;
            while ((response = channel.basicGet(OUTCOME_TAP, true)) != null) {
                BatchOutcome outcome = WireJson.decode(response.getBody(), BatchOutcome.class, BatchOutcome.VERSION);
                outcomes.putIfAbsent(outcome.campaignId(), outcome);
            }
            return outcomes.containsKey(campaignId);
        });
        return outcomes.get(campaignId);
    }
}
