package dev.sandesh.webhook.api;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.count;
import static dev.sandesh.webhook.TestSupport.deadLetters;
import static dev.sandesh.webhook.TestSupport.publishUnsigned;
import static dev.sandesh.webhook.TestSupport.signedHeaders;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.query;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The Knative adapter: the same outcome handler as the AMQP channel, fed by CloudEvents over HTTP. */
@QuarkusTest
class OutcomeCloudEventResourceTest {

    private static final String PATH = "/internal/cloudevents/outcomes";

    @BeforeEach
    void clean() {
        cleanTables();
    }

    private static BatchOutcome outcome(UUID campaign, String wamid) {
        return new BatchOutcome(campaign, 3, "106540352242922", List.of(
                RecipientOutcome.accepted(7, "IN", wamid),
                new RecipientOutcome(8, "IN", BatchOutcome.Result.FAILED, null, 131026, "Message undeliverable")));
    }

    @Test
    void binaryModeCarriesTheOutcomeAsTheBody() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();

        byte[] body = WireJson.encode(outcome(campaign, wamid));
        // as RabbitmqSource forwards sender-service's signed message: its CloudEvents attributes as headers
        given().contentType("application/json").headers(signedHeaders("BatchOutcome", body))
                .body(body)
                .when().post(PATH).then().statusCode(204);

        assertThat(messageStatus(wamid)).containsEntry("status", "accepted").containsEntry("campaign_id", campaign)
                .containsEntry("recipient_seq", 7L).containsEntry("country", "IN");
        assertThat(query("SELECT result, error_code FROM webhook.send_failure WHERE campaign_id = ?", campaign))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("result", "FAILED").containsEntry("error_code", 131026));
    }

    @Test
    void structuredModeCarriesTheOutcomeInDataOrDataBase64() {
        UUID campaign = UUID.randomUUID();
        String inData = "wamid." + UUID.randomUUID();
        String inBase64 = "wamid." + UUID.randomUUID();
        byte[] first = WireJson.encode(outcome(campaign, inData));
        byte[] second = WireJson.encode(outcome(UUID.randomUUID(), inBase64));
        String json = new String(first, StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(second);

        given().contentType("application/cloudevents+json; charset=utf-8")
                .body("""
                        {"specversion":"1.0","source":"/sandesh","datacontenttype":"application/json",%s,"data":%s}""".formatted(attributes(first), json))
                .when().post(PATH).then().statusCode(204);
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","source":"/sandesh",%s,"data_base64":"%s"}""".formatted(attributes(second), base64))
                .when().post(PATH).then().statusCode(204);

        assertThat(messageStatus(inData)).containsEntry("campaign_id", campaign);
        assertThat(messageStatus(inBase64)).containsEntry("status", "accepted");
    }

    @Test
    void theSameOutcomeTwiceChangesNothing() {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        byte[] body = WireJson.encode(outcome(campaign, wamid));
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").headers(signedHeaders("BatchOutcome", body))
                    .body(body).when().post(PATH).then().statusCode(204);
        }
        assertThat(count("message_status")).isEqualTo(1);
        assertThat(count("send_failure")).isEqualTo(1);
    }

    @Test
    void aPoisonOutcomeOrANonCloudEventIsRefusedWith400SoItIsNotRetried() {
        byte[] notAnOutcome = "{\"not\":\"an outcome\"}".getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").headers(signedHeaders("BatchOutcome", notAnOutcome))
                .body(notAnOutcome).when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        given().contentType("application/json").body(WireJson.encode(outcome(UUID.randomUUID(), "wamid.x")))
                .when().post(PATH).then().statusCode(400);
        given().contentType("application/cloudevents+json").body("{\"id\":\"no-specversion\",\"data\":{}}")
                .when().post(PATH).then().statusCode(400);

        assertThat(count("message_status")).isZero();
    }

    @Test
    void anOutcomeThatCannotBeStoredNowAsksForARetryWith503NotA500() {
        // well-formed, but PostgreSQL refuses text holding NUL: a failure that is not poison, like a lost connection
        String unstorable = "wamid.\u0000" + UUID.randomUUID();

        byte[] body = WireJson.encode(outcome(UUID.randomUUID(), unstorable));
        given().contentType("application/json").headers(signedHeaders("BatchOutcome", body))
                .body(body)
                .when().post(PATH)
                .then().statusCode(503).header("Retry-After", "1").contentType("application/problem+json").body("status", equalTo(503));

        assertThat(count("message_status")).isZero();
    }

    @Test
    void anUnsignedOrForgedOutcomeIsRefused401Or403AndRecordsNothing() {
        byte[] body = WireJson.encode(outcome(UUID.randomUUID(), "wamid." + UUID.randomUUID()));
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "u1")
                .header("ce-type", "BatchOutcome").header("ce-time", "2026-12-01T00:00:00Z")
                .body(body).when().post(PATH)
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json")
                .headers(InternalSignature.of("an-attackers-guess-at-the-secret", Optional.empty()).headers("BatchOutcome", body))
                .body(body).when().post(PATH)
                .then().statusCode(403).contentType("application/problem+json");
        // a genuine signature on another body
        given().contentType("application/json")
                .headers(signedHeaders("BatchOutcome", WireJson.encode(outcome(UUID.randomUUID(), "wamid.other"))))
                .body(body).when().post(PATH)
                .then().statusCode(403);

        assertThat(count("message_status")).isZero();
        assertThat(count("send_failure")).isZero();
    }

    @Test
    void anUnsignedOutcomeOnTheRealQueueIsDeadLetteredAndRecordsNothing() {
        long before = deadLetters();
        String wamid = "wamid." + UUID.randomUUID();
        publishUnsigned(WireJson.encode(outcome(UUID.randomUUID(), wamid)), "BatchOutcome");

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters() > before);
        assertThat(count("message_status")).isZero();
    }

    /** A structured envelope's id, type, time and signature, as sender-service would have signed {@code data}. */
    private static String attributes(byte[] data) {
        Map<String, String> h = signedHeaders("BatchOutcome", data);
        return "\"id\":\"%s\",\"type\":\"%s\",\"time\":\"%s\",\"sandeshsignature\":\"%s\"".formatted(
                h.get("ce-id"), h.get("ce-type"), h.get("ce-time"), h.get("ce-sandeshsignature"));
    }
}
