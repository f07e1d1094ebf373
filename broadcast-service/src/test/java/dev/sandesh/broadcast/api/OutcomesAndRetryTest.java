package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.broadcast.client.RecipientStatePage;
import dev.sandesh.broadcast.client.RecipientStatePage.RecipientState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Per-recipient outcomes from webhook-service's recipients endpoint (a fake here), and retry-failed as a child campaign. */
@QuarkusTest
class OutcomesAndRetryTest {

    static {
        FakeWebhookService.get();
    }

    @Test
    void outcomesArePagedFilteredJoinedWithOurRecipientsAndExportedAsCsv_AndOnlyRetryableFailuresAreRetried() {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            recipients.add(CampaignResourceTest.recipient(CampaignResourceTest.indianMobile(block, i), "p" + i));
        }
        String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(CampaignResourceTest.body("outcomes", recipients))
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
        UUID campaign = UUID.fromString(id);
        Instant now = Instant.now();
        FakeWebhookService.get().states(campaign, List.of(
                new RecipientState(0, "READ", "wamid.0", null, null, now,
                        new RecipientStatePage.Reply("BUTTON", "Buy now", "BUY_NOW", Instant.parse("2026-01-02T03:04:05Z"))),
                new RecipientState(1, "FAILED", null, 131000, "Something went wrong", now),           // transient: retry
                new RecipientState(2, "FAILED", null, 131026, "Undeliverable", now),                  // never
                new RecipientState(3, "FAILED", null, 131050, "Stopped marketing", now),              // never
                new RecipientState(4, "FAILED", null, 131049, "Marketing cap", now.minus(25, ChronoUnit.HOURS)), // retry after 24 h
                new RecipientState(5, "FAILED", null, 131049, "Marketing cap", now.minus(1, ChronoUnit.HOURS)),  // not yet
                new RecipientState(6, "UNKNOWN", null, null, "timeout", now)));                       // only when asked

        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("state", "failed").queryParam("limit", 2).get("/v1/campaigns/" + id + "/outcomes")
                .then().statusCode(200)
                .body("outcomes.index", equalTo(List.of(1, 2)))
                .body("outcomes[0].phone", equalTo(CampaignResourceTest.indianMobile(block, 1).replace(" ", "")))
                .body("outcomes[0].externalId", equalTo("ext-p1"))
                .body("outcomes[0].errorCode", equalTo(131000))
                .body("next", equalTo(2));
        assertThat(FakeWebhookService.get().recipientQueries.getLast()).contains("after=-1").contains("limit=2").contains("state=FAILED");
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("errorCode", 131049).get("/v1/campaigns/" + id + "/outcomes")
                .then().statusCode(200).body("outcomes.index", equalTo(List.of(4, 5))).body("next", nullValue());
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("state", "lost").get("/v1/campaigns/" + id + "/outcomes")
                .then().statusCode(400).body("errors[0].field", equalTo("state"));
        String csv = given().auth().oauth2(CampaignResourceTest.KEY).accept("text/csv").get("/v1/campaigns/" + id + "/outcomes")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv.lines().toList()).hasSize(8).first().asString().startsWith("index,phone,country,external_id,state")
                .endsWith(",reply_kind,reply_text,reply_payload,replied_at");
        assertThat(csv.lines().toList().get(1)).startsWith("0,").contains(",READ,wamid.0,").endsWith(",BUTTON,Buy now,BUY_NOW,2026-01-02T03:04:05Z");
        assertThat(csv.lines().toList().get(2)).as("no reply: empty cells").endsWith(",,,,");
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("limit", 1).get("/v1/campaigns/" + id + "/outcomes")
                .then().statusCode(200).body("outcomes[0].reply.kind", equalTo("BUTTON")).body("outcomes[0].reply.payload", equalTo("BUY_NOW"))
                .body("outcomes[0].reply.text", equalTo("Buy now"));
        FakeWebhookService.get().stats(new dev.sandesh.contracts.CampaignStats(campaign, 3, 0, 0, 1, 5, 1, 0, java.util.Map.of(),
                null, null, 1, 2));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("counts.replied", equalTo(1)).body("counts.held", equalTo(2));
        assertThat(csv).as("our E.164 phone column keeps its +, unquoted").contains("2," + CampaignResourceTest.indianMobile(block, 2).replace(" ", "") + ",IN,ext-p2,FAILED,,131026,Undeliverable");

        String key = "retry-" + UUID.randomUUID();
        String child = given().auth().oauth2(CampaignResourceTest.KEY).header("Idempotency-Key", key).contentType(ContentType.JSON).body("{}")
                .post("/v1/campaigns/" + id + "/retry-failed")
                .then().statusCode(201)
                .body("retryOf", equalTo(id))
                .body("considered", equalTo(5))
                .body("retried", equalTo(2))
                .body("skippedByReason.'FAILED:131026'", equalTo(1))
                .body("skippedByReason.'FAILED:131050'", equalTo(1))
                .body("skippedByReason.'FAILED:131049'", equalTo(1))
                .body("campaign.retryOf", equalTo(id))
                .body("campaign.state", equalTo("RUNNING"))
                .body("campaign.counts.valid", equalTo(2))
                .extract().path("campaign.id");
        assertThat(TestDb.query("SELECT external_id FROM broadcast.recipient WHERE campaign_id = ? ORDER BY sequence", UUID.fromString(child)))
                .extracting(r -> r.get("external_id")).containsExactly("ext-p1", "ext-p4");
        given().auth().oauth2(CampaignResourceTest.KEY).header("Idempotency-Key", key).contentType(ContentType.JSON).body("{}")
                .post("/v1/campaigns/" + id + "/retry-failed").then().statusCode(200).body("campaign.id", equalTo(child));
        // one child per parent: another call without the key answers the same child
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("includeUnknown", true))
                .post("/v1/campaigns/" + id + "/retry-failed").then().statusCode(200).body("campaign.id", equalTo(child));

        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("includeUnknown", true))
                .queryParam("force", true)
                .post("/v1/campaigns/" + id + "/retry-failed")
                .then().statusCode(201).body("considered", equalTo(6)).body("retried", equalTo(3));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + child).then().statusCode(200).body("retryOf", equalTo(id));
    }
}
