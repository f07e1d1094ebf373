package dev.sandesh.webhook.messaging;

import dev.sandesh.webhook.TestSupport;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.CampaignTransition;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.webhook.persistence.StatusRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.failed;
import static dev.sandesh.webhook.TestSupport.query;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Events to the storefront over the real database, posted to a test receiver that verifies every
 * signature: a tied failure becomes one signed sandesh.message.failed with Meta's code, a replayed
 * webhook makes no second event, a receiver answering 500 gets everything later, the events API pages.
 */
@QuarkusTest
@TestProfile(StorefrontEventsTest.Receiving.class)
class StorefrontEventsTest {

    public static class Receiving implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sandesh.events.url", "http://127.0.0.1:" + StorefrontReceiver.PORT + "/events",
                    "sandesh.events.secret", StorefrontReceiver.SECRET,
                    "sandesh.events.poll-interval", "PT0.1S",
                    "sandesh.events.initial-backoff", "PT0.2S",
                    "sandesh.events.max-backoff", "PT0.4S",
                    "sandesh.events.list-after", "PT0S");
        }
    }

    private static final long T = 1_760_941_860L;
    private static final String PHONE_NUMBER_ID = "106540352242922";

    private final StorefrontReceiver receiver = StorefrontReceiver.get();

    @Inject
    StatusRecorder recorder;

    @BeforeEach
    void clean() {
        execute("TRUNCATE webhook.message_status, webhook.send_failure, webhook.raw_event, webhook.storefront_event");
        receiver.reset();
    }

    private static void postWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .when().post("/webhooks/whatsapp").then().statusCode(200);
    }

    private void tie(UUID campaign, long sequence, String wamid, String externalId) {
        recorder.recordOutcome(new BatchOutcome(campaign, 0, PHONE_NUMBER_ID,
                List.of(RecipientOutcome.accepted(sequence, "IN", wamid).withExternalId(externalId)))).await().atMost(Duration.ofSeconds(10));
    }

    private List<JsonObject> receivedFor(String wamid) {
        return receiver.accepted().stream().filter(e -> wamid.equals(e.getJsonObject("data").getString("wamid"))).toList();
    }

    @Test
    void aTiedRecipientsFailureReachesTheStorefrontSignedWithMetasCode() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        tie(campaign, 3, wamid, "cust-3");
        postWebhook(webhook(status(wamid, "sent", T), failed(wamid, T + 5, 131026, "Message undeliverable")));

        await().atMost(Duration.ofSeconds(15)).until(() -> !receivedFor(wamid).isEmpty());
        JsonObject event = receivedFor(wamid).getFirst();
        assertThat(event.getString("specversion")).isEqualTo("1.0");
        assertThat(event.getString("type")).isEqualTo("sandesh.message.failed");
        assertThat(event.getString("subject")).isEqualTo(campaign.toString());
        assertThat(event.getString("time")).isEqualTo("2025-10-20T06:31:05Z");
        assertThat(event.getJsonObject("data").getMap()).containsEntry("campaignId", campaign.toString())
                .containsEntry("sequence", 3).containsEntry("externalId", "cust-3").containsEntry("errorCode", 131026)
                .containsEntry("errorTitle", "Message undeliverable").containsEntry("status", "failed");
        assertThat(receiver.requests).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.contentType()).isEqualTo("application/cloudevents+json");
        });
    }

    @Test
    void aReplayedWebhookOrARedeliveredOutcomeMakesNoSecondEvent() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        tie(campaign, 1, wamid, null);
        String body = webhook(failed(wamid, T, 131049, "This message was not delivered to maintain healthy ecosystem engagement."));
        postWebhook(body);
        await().atMost(Duration.ofSeconds(15)).until(() -> receivedFor(wamid).size() == 1);

        postWebhook(body);
        tie(campaign, 1, wamid, null);
        postWebhook(webhook(status(wamid, "sent", T - 5))); // an older fact changes sent_at only

        assertThat(query("SELECT count(*) AS n FROM webhook.storefront_event WHERE subject = ?", campaign.toString()).getFirst())
                .containsEntry("n", 1L);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receivedFor(wamid).size() == 1);
    }

    @Test
    void deliveredAndReadAreNotRecordedUnlessEnabled() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        tie(campaign, 2, wamid, null);
        postWebhook(webhook(status(wamid, "sent", T), status(wamid, "delivered", T + 1), status(wamid, "read", T + 2)));

        assertThat(query("SELECT count(*) AS n FROM webhook.storefront_event WHERE subject = ?", campaign.toString()).getFirst())
                .containsEntry("n", 0L);
    }

    @Test
    void aStatusThatArrivesBeforeTheOutcomeIsReportedWhenTheOutcomeTiesIt() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        postWebhook(webhook(failed(wamid, T, 131026, "Message undeliverable")));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> receivedFor(wamid).isEmpty());

        tie(campaign, 8, wamid, "cust-8");

        await().atMost(Duration.ofSeconds(15)).until(() -> receivedFor(wamid).size() == 1);
        assertThat(receivedFor(wamid).getFirst().getJsonObject("data").getMap()).containsEntry("sequence", 8)
                .containsEntry("externalId", "cust-8").containsEntry("errorCode", 131026);
    }

    @Test
    void aSendMetaRefusedIsAFailedMessageToo() {
        UUID campaign = UUID.randomUUID();
        recorder.recordOutcome(new BatchOutcome(campaign, 0, PHONE_NUMBER_ID,
                List.of(RecipientOutcome.failed(5, "IN", 131030, "Recipient phone number not in allowed list").withExternalId("cust-5"))))
                .await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(receiver.accepted())
                .anySatisfy(e -> assertThat(e.getJsonObject("data").getMap()).containsEntry("campaignId", campaign.toString())
                        .containsEntry("sequence", 5).containsEntry("externalId", "cust-5").containsEntry("errorCode", 131030)));
    }

    @Test
    void aReceiverAnswering500IsRetriedAndGetsEverythingInOrderOnceBack() {
        receiver.answer.set(500);
        UUID campaign = UUID.randomUUID();
        List<String> wamids = List.of("wamid.a-" + UUID.randomUUID(), "wamid.b-" + UUID.randomUUID(), "wamid.c-" + UUID.randomUUID());
        for (int i = 0; i < wamids.size(); i++) {
            tie(campaign, i, wamids.get(i), null);
        }
        postWebhook(webhook(wamids.stream().map(w -> failed(w, T, 131026, "Message undeliverable")).toArray(String[]::new)));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(query(
                "SELECT attempts, last_error, delivered_at FROM webhook.storefront_event WHERE subject = ? ORDER BY seq",
                campaign.toString())).hasSize(3).allSatisfy(row -> {
            assertThat((Integer) row.get("attempts")).isGreaterThanOrEqualTo(2);
            assertThat(row).containsEntry("last_error", "HTTP 500").containsEntry("delivered_at", null);
        }));
        assertThat(receiver.accepted()).isEmpty();

        receiver.answer.set(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> wamids.stream().allMatch(w -> !receivedFor(w).isEmpty()));
        assertThat(query("SELECT count(*) AS n FROM webhook.storefront_event WHERE subject = ? AND delivered_at IS NULL",
                campaign.toString()).getFirst()).containsEntry("n", 0L);
        // the same id on every attempt: a receiver that deduplicates on it sees each event once
        List<String> ids = receiver.requests.stream().flatMap(r -> r.events().stream()).map(e -> e.getString("id")).distinct().toList();
        assertThat(ids).hasSize(3);
    }

    private static void publishTransition(byte[] body) {
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost("sandesh-test-webhook");
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(Topology.CAMPAIGN_EVENTS.exchange(), "campaign.completed", new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).headers(new java.util.HashMap<String, Object>(TestSupport.signedHeaders("CampaignTransition", body))).build(), body);
            channel.waitForConfirmsOrDie(5_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCampaignTransitionFromBroadcastIsOneEventHoweverOftenItIsDelivered() {
        UUID campaign = UUID.randomUUID();
        byte[] completed = WireJson.encode(new CampaignTransition(41, campaign, CampaignTransition.Kind.COMPLETED, "all recipients settled",
                Instant.parse("2026-10-20T07:00:00Z")));
        publishTransition(completed);
        publishTransition(completed);
        given().contentType("application/json").headers(TestSupport.signedHeaders("CampaignTransition", completed)).body(completed)
                .when().post("/internal/cloudevents/campaign-events").then().statusCode(204);
        byte[] poison = "{\"version\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        given().contentType("application/json").headers(TestSupport.signedHeaders("CampaignTransition", poison)).body(poison)
                .when().post("/internal/cloudevents/campaign-events").then().statusCode(400);
        // unsigned, or signed with another secret: refused, and no second event either way
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "x-3").body(completed)
                .when().post("/internal/cloudevents/campaign-events").then().statusCode(401);
        given().contentType("application/json")
                .headers(dev.sandesh.contracts.InternalSignature.of("an-attackers-guess-at-the-secret", java.util.Optional.empty())
                        .headers("CampaignTransition", completed)).body(completed)
                .when().post("/internal/cloudevents/campaign-events").then().statusCode(403);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(receiver.accepted())
                .filteredOn(e -> campaign.toString().equals(e.getString("subject"))).singleElement().satisfies(e -> {
                    assertThat(e.getString("type")).isEqualTo("sandesh.campaign.completed");
                    assertThat(e.getString("time")).isEqualTo("2026-10-20T07:00:00Z");
                    assertThat(e.getJsonObject("data").getMap()).containsEntry("campaignId", campaign.toString())
                            .containsEntry("reason", "all recipients settled");
                }));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() ->
                receiver.accepted().stream().filter(e -> campaign.toString().equals(e.getString("subject"))).count() == 1);
    }

    @Test
    void theEventsApiListsEveryEventInOrderByCursor() {
        UUID campaign = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            String wamid = "wamid.p" + i + "-" + UUID.randomUUID();
            tie(campaign, i, wamid, "cust-" + i);
            postWebhook(webhook(failed(wamid, T + i, 131026, "Message undeliverable")));
        }

        String next = TestSupport.internal().queryParam("after", "0").queryParam("limit", "2").when().get("/internal/v1/events")
                .then().statusCode(200)
                .body("events.size()", equalTo(2))
                .body("events[0].type", equalTo("sandesh.message.failed"))
                .body("events[0].data.sequence", equalTo(0))
                .body("events[1].data.sequence", equalTo(1))
                .extract().path("next");
        TestSupport.internal().queryParam("after", next).when().get("/internal/v1/events")
                .then().statusCode(200)
                .body("events.size()", equalTo(1))
                .body("events[0].data.externalId", equalTo("cust-2"));

        TestSupport.internal().queryParam("limit", "0").when().get("/internal/v1/events")
                .then().statusCode(400).body("errors.field", hasItem("limit"));
        TestSupport.internal().queryParam("after", "x").when().get("/internal/v1/events")
                .then().statusCode(400).body("errors.field", hasItem("after"));
    }
}
