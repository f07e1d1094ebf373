package dev.sandesh.webhook.api;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.failed;
import static dev.sandesh.webhook.TestSupport.publishOutcome;
import static dev.sandesh.webhook.TestSupport.purgeOutcomeQueues;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class CampaignStatsResourceTest {

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

    private static CampaignStats stats(UUID campaign) throws Exception {
        byte[] json = given().when().get("/internal/v1/campaigns/{id}/stats", campaign)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asByteArray();
        return WireJson.mapper().readValue(json, CampaignStats.class);
    }

    @Test
    void everyRecipientIsCountedOnceInItsCurrentState() throws Exception {
        UUID campaign = UUID.randomUUID();
        UUID otherCampaign = UUID.randomUUID();
        String w = "wamid." + campaign + ".";
        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(
                RecipientOutcome.accepted(0, "IN", w + 0),   // stays accepted
                RecipientOutcome.accepted(1, "IN", w + 1),   // sent
                RecipientOutcome.accepted(2, "IN", w + 2),   // sent, delivered
                RecipientOutcome.accepted(3, "IN", w + 3),   // delivered then read (read implies delivered)
                RecipientOutcome.accepted(4, "IN", w + 4),   // failed by webhook, 131049
                RecipientOutcome.accepted(5, "IN", w + 5),   // delivered, then a late failed: stays delivered
                RecipientOutcome.failed(6, "IN", 131026, "Message undeliverable"),
                RecipientOutcome.failed(7, "IN", 131049, "Marketing cap"),
                new RecipientOutcome(8, "IN", BatchOutcome.Result.UNKNOWN, null, -1, "timeout"),
                new RecipientOutcome(9, "IN", BatchOutcome.Result.HALTED, null, null, "halted"))));
        publishOutcome(new BatchOutcome(otherCampaign, 0, "106540352242922", List.of(RecipientOutcome.accepted(0, "IN", "wamid.other." + otherCampaign))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).processed()).isEqualTo(10));

        postWebhook(webhook(
                status(w + 1, "sent", T), status(w + 2, "sent", T), status(w + 2, "delivered", T + 1),
                status(w + 3, "read", T + 5), status(w + 3, "delivered", T + 2),
                failed(w + 4, T + 3, 131049, "Marketing cap"),
                status(w + 5, "delivered", T + 4), failed(w + 5, T + 6, 131026, "late"),
                status(w + 5, "delivered", T + 4)));

        CampaignStats stats = stats(campaign);
        assertThat(stats.campaignId()).isEqualTo(campaign);
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.read()).isEqualTo(1);
        assertThat(stats.failed()).as("webhook-failed and outcome-FAILED").isEqualTo(3);
        assertThat(stats.unknown()).isEqualTo(1);
        assertThat(stats.halted()).isEqualTo(1);
        assertThat(stats.failuresByCode()).isEqualTo(Map.of(131049, 2L, 131026, 1L));
        assertThat(stats.processed()).isEqualTo(10);
        assertThat(stats.firstEventAt()).isBefore(Instant.now().plusSeconds(1));
        assertThat(stats.lastEventAt()).isAfterOrEqualTo(stats.firstEventAt());
        assertThat(stats(otherCampaign).accepted()).isEqualTo(1);
    }

    @Test
    void firstAndLastEventTimesComeFromTheStatusesOwnTimestamps() throws Exception {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        postWebhook(webhook(status(wamid, "sent", T), status(wamid, "read", T + 60)));
        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(RecipientOutcome.accepted(0, "IN", wamid))));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).read()).isEqualTo(1));
        CampaignStats stats = stats(campaign);
        assertThat(stats.firstEventAt()).isEqualTo(Instant.ofEpochSecond(T));
        assertThat(stats.lastEventAt()).as("accepted was recorded now, after Meta's timestamps").isAfter(Instant.ofEpochSecond(T + 60));
    }

    @Test
    void aCampaignWithNothingYetHasZeros() throws Exception {
        UUID campaign = UUID.randomUUID();

        assertThat(stats(campaign)).isEqualTo(CampaignStats.empty(campaign));
        given().when().get("/internal/v1/campaigns/not-a-uuid/stats").then().statusCode(404).contentType("application/problem+json");
    }
}
