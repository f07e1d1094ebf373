package dev.sandesh.webhook.api;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.count;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.query;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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

        given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", "rabbitmq-1").header("ce-source", "/rabbitmq/sandesh.outcomes")
                .header("ce-type", "dev.knative.rabbitmq.event")
                .body(WireJson.encode(outcome(campaign, wamid)))
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
        String json = new String(WireJson.encode(outcome(campaign, inData)), StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(WireJson.encode(outcome(UUID.randomUUID(), inBase64)));

        given().contentType("application/cloudevents+json; charset=utf-8")
                .body("""
                        {"specversion":"1.0","id":"e1","source":"/rabbitmq","type":"dev.knative.rabbitmq.event",
                         "datacontenttype":"application/json","data":%s}""".formatted(json))
                .when().post(PATH).then().statusCode(204);
        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"e2","source":"/rabbitmq","type":"x","data_base64":"%s"}""".formatted(base64))
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
            given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "same")
                    .body(body).when().post(PATH).then().statusCode(204);
        }
        assertThat(count("message_status")).isEqualTo(1);
        assertThat(count("send_failure")).isEqualTo(1);
    }

    @Test
    void aPoisonOutcomeOrANonCloudEventIsRefusedWith400SoItIsNotRetried() {
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "p1")
                .body("{\"not\":\"an outcome\"}").when().post(PATH)
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

        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "db1")
                .body(WireJson.encode(outcome(UUID.randomUUID(), unstorable)))
                .when().post(PATH)
                .then().statusCode(503).header("Retry-After", "1").contentType("application/problem+json").body("status", equalTo(503));

        assertThat(count("message_status")).isZero();
    }
}
