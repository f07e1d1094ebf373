package dev.sandesh.webhook.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.VERIFY_TOKEN;
import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.count;
import static dev.sandesh.webhook.TestSupport.deliveredWithPricing;
import static dev.sandesh.webhook.TestSupport.failed;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class WhatsAppWebhookResourceTest {

    private static final long T = 1_750_030_073L;

    @BeforeEach
    void clean() {
        cleanTables();
    }

    private static Response post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .when().post("/webhooks/whatsapp");
    }

    private static Instant at(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    private static String wamid() {
        return "wamid." + UUID.randomUUID();
    }

    @Test
    void handshakeEchoesTheChallengeWhenTheTokenMatches() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", VERIFY_TOKEN).queryParam("hub.challenge", "1158201444")
                .when().get("/webhooks/whatsapp")
                .then().statusCode(200).contentType(startsWith("text/plain")).body(equalTo("1158201444"));
    }

    @Test
    void handshakeWithAWrongTokenIsForbidden() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "guess").queryParam("hub.challenge", "1158201444")
                .when().get("/webhooks/whatsapp")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().queryParam("hub.mode", "unsubscribe").queryParam("hub.verify_token", VERIFY_TOKEN).queryParam("hub.challenge", "1")
                .when().get("/webhooks/whatsapp")
                .then().statusCode(403);
    }

    @Test
    void signedPostStoresEveryStatusWithPricingAndErrors() {
        String delivered = wamid();
        String failedOne = wamid();
        String sentOnly = wamid();
        // two changes and two entries in one POST: every one of them counts
        String body = """
                {"object":"whatsapp_business_account","entry":[
                  {"id":"1","changes":[{"field":"messages","value":{"statuses":[%s,%s]}}]},
                  {"id":"2","changes":[{"field":"messages","value":{"statuses":[%s]}},{"field":"messages","value":{"statuses":[%s]}}]}]}"""
                .formatted(status(delivered, "sent", T), deliveredWithPricing(delivered, T + 5),
                        failed(failedOne, T + 2, 131026, "Message undeliverable"), status(sentOnly, "sent", T + 1));

        post(body).then().statusCode(200);

        Map<String, Object> row = messageStatus(delivered);
        assertThat(row).containsEntry("status", "delivered").containsEntry("pricing_category", "marketing")
                .containsEntry("pricing_type", "regular").containsEntry("pricing_model", "PMP").containsEntry("billable", true)
                .containsEntry("recipient_id", "919812345678");
        assertThat(row.get("campaign_id")).as("no outcome yet").isNull();
        assertThat(at(row, "sent_at")).isEqualTo(Instant.ofEpochSecond(T));
        assertThat(at(row, "delivered_at")).isEqualTo(Instant.ofEpochSecond(T + 5));
        assertThat(messageStatus(failedOne)).containsEntry("status", "failed").containsEntry("error_code", 131026)
                .containsEntry("error_title", "Message undeliverable");
        assertThat(messageStatus(sentOnly)).containsEntry("status", "sent");
    }

    @Test
    void badSignatureIsRefusedAndNothingIsStored() {
        byte[] body = webhook(status(wamid(), "sent", T)).getBytes(StandardCharsets.UTF_8);

        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(body, "not-the-app-secret")).body(body)
                .when().post("/webhooks/whatsapp")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(body)
                .when().post("/webhooks/whatsapp")
                .then().statusCode(401).contentType("application/problem+json");
        byte[] tampered = webhook(status(wamid(), "read", T)).getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(body, APP_SECRET)).body(tampered)
                .when().post("/webhooks/whatsapp")
                .then().statusCode(401);

        assertThat(count("message_status")).isZero();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("sandesh_webhook_signature_rejected_total"));
    }

    @Test
    void signatureIsCheckedOverTheRawBytesNotReserialisedJson() {
        String wamid = wamid();
        String oddlyFormatted = "{ \"entry\" : [ {\"changes\":[{\"value\":{\"statuses\":[\n\t" + status(wamid, "sent", T) + " ]}}]}],\"object\":\"whatsapp_business_account\"}  ";

        post(oddlyFormatted).then().statusCode(200);

        assertThat(messageStatus(wamid)).containsEntry("status", "sent");
    }

    @Test
    void duplicateAndOutOfOrderWebhooksEndInTheRightState() {
        String wamid = wamid();

        post(webhook(status(wamid, "read", T + 20))).then().statusCode(200);
        post(webhook(status(wamid, "sent", T))).then().statusCode(200);
        post(webhook(failed(wamid, T + 30, 131049, "Marketing cap"))).then().statusCode(200);
        post(webhook(status(wamid, "delivered", T + 10))).then().statusCode(200);
        Map<String, Object> settled = messageStatus(wamid);
        post(webhook(status(wamid, "delivered", T + 10), status(wamid, "sent", T))).then().statusCode(200);

        Map<String, Object> row = messageStatus(wamid);
        assertThat(row).containsEntry("status", "read");
        assertThat(at(row, "sent_at")).isEqualTo(Instant.ofEpochSecond(T));
        assertThat(at(row, "delivered_at")).isEqualTo(Instant.ofEpochSecond(T + 10));
        assertThat(at(row, "read_at")).isEqualTo(Instant.ofEpochSecond(T + 20));
        assertThat(at(row, "failed_at")).isEqualTo(Instant.ofEpochSecond(T + 30));
        assertThat(row.get("updated_at")).as("duplicates write nothing").isEqualTo(settled.get("updated_at"));
    }

    @Test
    void concurrentWebhooksAboutOneMessageLoseNoFact() throws Exception {
        String wamid = wamid();
        List<String> bodies = List.of(
                webhook(status(wamid, "sent", T)), webhook(status(wamid, "delivered", T + 1)), webhook(status(wamid, "read", T + 2)),
                webhook(status(wamid, "sent", T)), webhook(status(wamid, "delivered", T + 1)), webhook(status(wamid, "read", T + 2)));
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (String body : bodies) {
                calls.add(CompletableFuture.supplyAsync(() -> post(body).statusCode(), pool));
            }
            for (CompletableFuture<Integer> call : calls) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> row = messageStatus(wamid);
        assertThat(row).containsEntry("status", "read");
        assertThat(at(row, "sent_at")).isEqualTo(Instant.ofEpochSecond(T));
        assertThat(at(row, "delivered_at")).isEqualTo(Instant.ofEpochSecond(T + 1));
    }

    @Test
    void signedBodyThatIsNotJsonIsAcknowledgedSoMetaStopsRetrying() {
        post("this is not json {").then().statusCode(200);
        post("").then().statusCode(200);

        assertThat(count("message_status")).isZero();
    }

    @Test
    void unknownStatusesAndShapesAreIgnoredNeverAnError() {
        String wamid = wamid();
        String body = webhook(status(wamid, "played", T), status(wamid, "sent", T + 1), "{\"status\":\"sent\"}", "\"odd\"");

        post(body).then().statusCode(200);
        post("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"from\":\"919812345678\",\"type\":\"text\"}]}}]}]}")
                .then().statusCode(200);
        post("[1,2,3]").then().statusCode(200);

        assertThat(messageStatus(wamid)).containsEntry("status", "sent");
        assertThat(count("message_status")).isEqualTo(1);
    }

    @Test
    void statusesReceivedAreCountedByStatus() {
        post(webhook(status(wamid(), "delivered", T), status(wamid(), "played", T))).then().statusCode(200);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("sandesh_webhook_statuses_total{status=\"delivered\"}"))
                .body(org.hamcrest.Matchers.containsString("sandesh_webhook_statuses_total{status=\"other\"}"));
    }
}
