package dev.sandesh.webhook.api;

import dev.sandesh.webhook.TestSupport;
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
        byte[] json = TestSupport.internal().when().get("/internal/v1/campaigns/{id}/stats", campaign)
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

    private static CampaignStats stats(UUID campaign, String query) throws Exception {
        byte[] json = TestSupport.internal().when().get("/internal/v1/campaigns/{id}/stats?" + query, campaign)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asByteArray();
        return WireJson.mapper().readValue(json, CampaignStats.class);
    }

    @Test
    void acceptedSentAndUnknownRecipientsWithNoNewsSinceQuietBeforeAreCountedQuiet() throws Exception {
        UUID campaign = UUID.randomUUID();
        String w = "wamid." + campaign + ".";
        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(
                RecipientOutcome.accepted(0, "IN", w + 0),   // stays accepted
                RecipientOutcome.accepted(1, "IN", w + 1),   // sent, never delivered (blocked the business)
                RecipientOutcome.accepted(2, "IN", w + 2),   // delivered: settled with a report, never quiet
                new RecipientOutcome(3, "IN", BatchOutcome.Result.UNKNOWN, null, -1, "timeout"),
                new RecipientOutcome(4, "IN", BatchOutcome.Result.HALTED, null, null, "halted"))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).processed()).isEqualTo(5));
        postWebhook(webhook(status(w + 1, "sent", T), status(w + 2, "delivered", T)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).delivered()).isEqualTo(1));

        CampaignStats later = stats(campaign, "quietBefore=" + Instant.now().plusSeconds(3600));
        assertThat(later.quietAccepted()).isEqualTo(1);
        assertThat(later.quietSent()).isEqualTo(1);
        assertThat(later.quietUnknown()).isEqualTo(1);
        assertThat(later.quiet()).isEqualTo(3);
        CampaignStats earlier = stats(campaign, "quietBefore=" + Instant.now().minusSeconds(3600));
        assertThat(earlier.quiet()).as("news since the cutoff").isZero();
        assertThat(earlier.processed()).isEqualTo(5);
        assertThat(stats(campaign).quiet()).as("no cutoff, no quiet count").isZero();
    }

    @Test
    void haltedSendsRecordedBeforeHaltedSinceAreReleasedAndTheirNewOutcomeReplacesThem() throws Exception {
        UUID campaign = UUID.randomUUID();
        String w = "wamid." + campaign + ".";
        RecipientOutcome halted0 = new RecipientOutcome(0, "IN", BatchOutcome.Result.HALTED, null, 190, "number halted: token expired");
        RecipientOutcome halted1 = new RecipientOutcome(1, "IN", BatchOutcome.Result.HALTED, null, 190, "number halted: token expired");
        RecipientOutcome halted2 = new RecipientOutcome(2, "IN", BatchOutcome.Result.HALTED, null, 190, "number halted: token expired");
        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(halted0, halted1, halted2)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).halted()).isEqualTo(3));
        Thread.sleep(5);
        Instant resumed = Instant.now();

        assertThat(stats(campaign, "haltedSince=" + resumed).halted()).as("released by the resume: queued again").isZero();
        assertThat(stats(campaign, "haltedSince=" + resumed).processed()).isZero();

        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(
                RecipientOutcome.accepted(0, "IN", w + 0),
                RecipientOutcome.failed(1, "IN", 131026, "Message undeliverable"),
                halted2)));  // halted again: the cause is still there
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign, "haltedSince=" + resumed).processed()).isEqualTo(3));
        CampaignStats after = stats(campaign, "haltedSince=" + resumed);
        assertThat(after.accepted()).isEqualTo(1);
        assertThat(after.failed()).isEqualTo(1);
        assertThat(after.halted()).as("halted anew after the resume").isEqualTo(1);

        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(halted1)));  // a late copy of the first outcome
        Thread.sleep(300);
        assertThat(stats(campaign, "haltedSince=" + resumed).failed()).as("a stale HALTED never replaces FAILED").isEqualTo(1);
    }

    @Test
    void aCutoffThatIsNotAnInstantIsA400NamingTheField() {
        TestSupport.internal().when().get("/internal/v1/campaigns/{id}/stats?quietBefore=yesterday", UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("quietBefore"));
    }

    @Test
    void aCampaignWithNothingYetHasZeros() throws Exception {
        UUID campaign = UUID.randomUUID();

        assertThat(stats(campaign)).isEqualTo(CampaignStats.empty(campaign));
        TestSupport.internal().when().get("/internal/v1/campaigns/not-a-uuid/stats").then().statusCode(404).contentType("application/problem+json");
    }
}
