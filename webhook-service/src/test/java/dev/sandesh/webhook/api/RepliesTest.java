package dev.sandesh.webhook.api;

import dev.sandesh.webhook.TestSupport;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.publishOutcome;
import static dev.sandesh.webhook.TestSupport.purgeOutcomeQueues;
import static dev.sandesh.webhook.TestSupport.query;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replies tied to campaign recipients by context.id, counted and exported; held answers; BSUID statuses. */
@QuarkusTest
class RepliesTest {

    private static final long T = 1_750_030_073L;
    private static final String NUMBER = "106540352242922";

    @BeforeEach
    void clean() {
        purgeOutcomeQueues();
        cleanTables();
    }

    private static void post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .when().post("/webhooks/whatsapp").then().statusCode(200);
    }

    private static String inbound(String... messages) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                  "contacts":[{"profile":{"name":"A"},"wa_id":"919800000001","user_id":"IN.777"}],
                  "messages":[%s]}}]}]}""".formatted(NUMBER, String.join(",", messages));
    }

    private static String text(String id, String context, String body, long at) {
        return """
                {"from":"919800000001","id":"%s","timestamp":"%d","context":{"from":"15550783881","id":"%s"},"type":"text","text":{"body":"%s"}}"""
                .formatted(id, at, context, body);
    }

    private static String button(String id, String context, String payload, String label, long at) {
        return """
                {"from":"919800000002","id":"%s","timestamp":"%d","context":{"from":"15550783881","id":"%s"},"type":"button",
                 "button":{"payload":"%s","text":"%s"}}""".formatted(id, at, context, payload, label);
    }

    private static String listReply(String id, String context, long at) {
        return """
                {"from_user_id":"IN.888","id":"%s","timestamp":"%d","context":{"id":"%s"},"type":"interactive",
                 "interactive":{"type":"list_reply","list_reply":{"id":"size_m","title":"Medium","description":"M"}}}"""
                .formatted(id, at, context);
    }

    private static JsonPath stats(UUID campaign) {
        return TestSupport.internal().when().get("/internal/v1/campaigns/" + campaign + "/stats").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> replies(UUID campaign) {
        return TestSupport.internal().when().get("/internal/v1/campaigns/" + campaign + "/recipients").then().statusCode(200)
                .extract().jsonPath().getList("recipients");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reply(List<Map<String, Object>> recipients, int index) {
        return (Map<String, Object>) recipients.get(index).get("reply");
    }

    @Test
    void repliesAreTiedByContextBeforeOrAfterTheOutcomeCountedOnceAndExported() {
        UUID campaign = UUID.randomUUID();
        String a = "wamid.a." + UUID.randomUUID();
        String b = "wamid.b." + UUID.randomUUID();
        String c = "wamid.c." + UUID.randomUUID();
        String d = "wamid.d." + UUID.randomUUID();
        Object lastEvent = query("SELECT COALESCE(max(seq), 0) AS seq FROM webhook.storefront_event").getFirst().get("seq");

        // a and b are tied before their replies come; c's reply comes before its outcome; d is never replied to
        publishOutcome(new BatchOutcome(campaign, 0, NUMBER, List.of(RecipientOutcome.accepted(0, "IN", a),
                RecipientOutcome.accepted(1, "IN", b).withExternalId("cust-1"), RecipientOutcome.accepted(3, "IN", d))));
        await().atMost(Duration.ofSeconds(15)).until(() -> messageStatus(d) != null && messageStatus(d).get("campaign_id") != null);

        String early = inbound(text("wamid.in.1", a, "Is this in blue?", T), text("wamid.in.2", a, "thanks", T + 5),
                button("wamid.in.3", b, "BUY_NOW", "Buy now", T + 1), listReply("wamid.in.4", c, T + 2),
                text("wamid.in.5", "wamid.not-ours", "hello", T));
        post(early);
        post(early); // Meta's retry: nothing twice

        assertThat(query("SELECT count(*) AS n FROM webhook.reply").getFirst()).containsEntry("n", 5L);
        assertThat(stats(campaign).getLong("replied")).as("a and b so far; c's wamid is not tied yet").isEqualTo(2);

        publishOutcome(new BatchOutcome(campaign, 1, NUMBER, List.of(RecipientOutcome.accepted(2, "IN", c))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).getLong("replied")).isEqualTo(3));

        List<Map<String, Object>> recipients = replies(campaign);
        assertThat(recipients).hasSize(4);
        assertThat(reply(recipients, 0)).as("the last of two replies")
                .containsEntry("kind", "TEXT").containsEntry("text", "thanks").containsEntry("payload", null)
                .containsEntry("at", "2025-06-15T23:27:58Z");
        assertThat(reply(recipients, 1)).containsEntry("kind", "BUTTON").containsEntry("text", "Buy now")
                .containsEntry("payload", "BUY_NOW").containsEntry("at", "2025-06-15T23:27:54Z");
        assertThat(reply(recipients, 2)).containsEntry("kind", "LIST_REPLY").containsEntry("text", "Medium")
                .containsEntry("payload", "size_m").containsEntry("at", "2025-06-15T23:27:55Z");
        assertThat(recipients.get(3).get("reply")).isNull();
        assertThat(query("SELECT user_id, phone, phone_number_id FROM webhook.reply WHERE message_id = 'wamid.in.4'").getFirst())
                .containsEntry("user_id", "IN.888").containsEntry("phone", null).containsEntry("phone_number_id", NUMBER);

        List<Map<String, Object>> events = query("SELECT dedup_key, subject, data->>'sequence' AS seq, data->>'externalId' AS ext, "
                + "data->>'wamid' AS wamid, data->>'kind' AS kind, data->>'payload' AS payload FROM webhook.storefront_event "
                + "WHERE type = 'sandesh.message.replied' AND seq > ? ORDER BY dedup_key", lastEvent);
        assertThat(events).extracting(e -> e.get("dedup_key")).containsExactly("message.replied:wamid.in.1", "message.replied:wamid.in.2",
                "message.replied:wamid.in.3", "message.replied:wamid.in.4");
        assertThat(events.get(2)).containsEntry("subject", campaign.toString()).containsEntry("seq", "1").containsEntry("ext", "cust-1")
                .containsEntry("wamid", b).containsEntry("kind", "BUTTON").containsEntry("payload", "BUY_NOW");
        assertThat(events.get(3)).as("joined when the outcome came").containsEntry("seq", "2").containsEntry("wamid", c);

        publishOutcome(new BatchOutcome(campaign, 1, NUMBER, List.of(RecipientOutcome.accepted(2, "IN", c))));
        post(early);
        assertThat(query("SELECT count(*) AS n FROM webhook.storefront_event WHERE type = 'sandesh.message.replied' AND seq > ?",
                lastEvent).getFirst()).containsEntry("n", 4L);
    }

    @Test
    void heldAnswersCountAsHeldUntilAStatusComes() {
        UUID campaign = UUID.randomUUID();
        String held = "wamid.h." + UUID.randomUUID();
        String other = "wamid.o." + UUID.randomUUID();
        publishOutcome(new BatchOutcome(campaign, 0, NUMBER, List.of(
                RecipientOutcome.accepted(0, "IN", held, RecipientOutcome.HELD_FOR_QUALITY_ASSESSMENT),
                RecipientOutcome.accepted(1, "IN", other))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).getLong("held")).isEqualTo(1));
        assertThat(stats(campaign).getLong("accepted")).isEqualTo(2);

        post(webhook(status(held, "sent", T)));
        assertThat(stats(campaign).getLong("held")).as("Meta released it").isZero();
    }

    @Test
    void aBsuidStatusWithoutRecipientIdIsAcceptedAndTiedByWamid() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid.u." + UUID.randomUUID();
        post(webhook("""
                {"id":"%s","status":"delivered","timestamp":"%d","recipient_user_id":"US.13491208655302741918",
                 "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"}}""".formatted(wamid, T)));
        assertThat(messageStatus(wamid)).containsEntry("status", "delivered").containsEntry("recipient_id", null);

        publishOutcome(new BatchOutcome(campaign, 0, NUMBER, List.of(RecipientOutcome.accepted(5, "US", wamid))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stats(campaign).getLong("delivered")).isEqualTo(1));
        assertThat(messageStatus(wamid)).containsEntry("recipient_seq", 5L);
    }
}
