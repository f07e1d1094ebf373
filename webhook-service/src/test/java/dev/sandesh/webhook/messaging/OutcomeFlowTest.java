package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.deadLetters;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.publishOutcome;
import static dev.sandesh.webhook.TestSupport.publishRaw;
import static dev.sandesh.webhook.TestSupport.purgeOutcomeQueues;
import static dev.sandesh.webhook.TestSupport.query;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class OutcomeFlowTest {

    private static final long T = 1_750_030_073L;

    @BeforeEach
    void clean() {
        purgeOutcomeQueues();
        cleanTables();
    }

    private static void postWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .when().post("/webhooks/whatsapp").then().statusCode(200);
    }

    private static Map<String, Object> awaitRow(String wamid, String column, Object value) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(messageStatus(wamid)).isNotNull().containsEntry(column, value));
        return messageStatus(wamid);
    }

    @Test
    void outcomeBeforeWebhookJoins() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();

        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(RecipientOutcome.accepted(7, "IN", wamid))));
        Map<String, Object> accepted = awaitRow(wamid, "campaign_id", campaign);
        assertThat(accepted).containsEntry("status", "accepted").containsEntry("recipient_seq", 7L).containsEntry("country", "IN");
        assertThat(accepted.get("accepted_at")).isNotNull();

        postWebhook(webhook(status(wamid, "delivered", T)));

        assertThat(messageStatus(wamid)).containsEntry("status", "delivered").containsEntry("campaign_id", campaign)
                .containsEntry("recipient_seq", 7L);
    }

    @Test
    void webhookBeforeOutcomeIsKeptAndJoinedLater() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        postWebhook(webhook(status(wamid, "read", T + 9)));
        assertThat(messageStatus(wamid)).containsEntry("status", "read").containsEntry("campaign_id", null);

        publishOutcome(new BatchOutcome(campaign, 3, "106540352242922", List.of(RecipientOutcome.accepted(301, "BR", wamid))));

        Map<String, Object> row = awaitRow(wamid, "campaign_id", campaign);
        assertThat(row).containsEntry("status", "read").containsEntry("recipient_seq", 301L).containsEntry("country", "BR");
        assertThat(row.get("accepted_at")).as("accepted is recorded even though read came first").isNotNull();
    }

    @Test
    void redeliveredOutcomeChangesNothing() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        BatchOutcome outcome = new BatchOutcome(campaign, 0, "106540352242922", List.of(
                RecipientOutcome.accepted(0, "IN", wamid),
                RecipientOutcome.failed(1, "IN", 131026, "Message undeliverable")));
        publishOutcome(outcome);
        Map<String, Object> first = awaitRow(wamid, "campaign_id", campaign);
        await().atMost(Duration.ofSeconds(10)).until(() -> !query("SELECT 1 FROM webhook.send_failure WHERE campaign_id = ?", campaign).isEmpty());
        Object failureRecordedAt = query("SELECT recorded_at FROM webhook.send_failure WHERE campaign_id = ?", campaign).getFirst().get("recorded_at");

        publishOutcome(outcome);
        // a marker outcome published after the duplicate: once it is stored, the duplicate has been handled
        String marker = "wamid." + UUID.randomUUID();
        publishOutcome(new BatchOutcome(UUID.randomUUID(), 0, "106540352242922", List.of(RecipientOutcome.accepted(0, "IN", marker))));
        awaitRow(marker, "status", "accepted");

        assertThat(messageStatus(wamid)).isEqualTo(first);
        assertThat(query("SELECT recorded_at FROM webhook.send_failure WHERE campaign_id = ?", campaign))
                .singleElement().satisfies(row -> assertThat(row.get("recorded_at")).isEqualTo(failureRecordedAt));
        assertThat(deadLetters()).isZero();
    }

    @Test
    void sendsWithoutAWamidAreRecordedWithTheirResult() {
        UUID campaign = UUID.randomUUID();
        publishOutcome(new BatchOutcome(campaign, 1, "106540352242922", List.of(
                RecipientOutcome.failed(100, "IN", 131026, "Message undeliverable"),
                new RecipientOutcome(101, "IN", BatchOutcome.Result.UNKNOWN, null, -1, "timeout after the request left"),
                new RecipientOutcome(102, "IN", BatchOutcome.Result.HALTED, null, null, "campaign halted: template paused"))));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(query("SELECT recipient_seq, result, error_code, error_title FROM webhook.send_failure WHERE campaign_id = ? ORDER BY recipient_seq", campaign))
                        .extracting(row -> row.get("recipient_seq") + "/" + row.get("result") + "/" + row.get("error_code"))
                        .containsExactly("100/FAILED/131026", "101/UNKNOWN/-1", "102/HALTED/null"));
    }

    @Test
    void poisonOutcomesAndEmptyMessagesGoToTheDeadLetterQueue() {
        publishRaw("{not json".getBytes(StandardCharsets.UTF_8), "BatchOutcome");
        publishRaw(("{\"version\":99,\"campaignId\":\"" + UUID.randomUUID() + "\",\"batchNumber\":0,\"recipients\":[]}")
                .getBytes(StandardCharsets.UTF_8), "BatchOutcome");
        publishRaw(new byte[0], "BatchOutcome");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(deadLetters()).isEqualTo(3));

        // and the consumer goes on with the next message
        String wamid = "wamid." + UUID.randomUUID();
        publishOutcome(new BatchOutcome(UUID.randomUUID(), 0, "106540352242922", List.of(RecipientOutcome.accepted(0, "IN", wamid))));
        awaitRow(wamid, "status", "accepted");
    }

    @Test
    void outcomesThatKeepFailingAreRetriedThenDeadLettered() {
        // well-formed JSON, but PostgreSQL refuses text holding NUL: a failure that is not poison
        String unstorable = "wamid.\u0000" + UUID.randomUUID();
        publishOutcome(new BatchOutcome(UUID.randomUUID(), 0, "106540352242922", List.of(RecipientOutcome.accepted(0, "IN", unstorable))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetters()).isEqualTo(1));
        assertThat(query("SELECT 1 FROM webhook.message_status")).isEmpty();
    }
}
