package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.CampaignStats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Progress composes webhook-service's stats. The stats come from a stand-in served on
 * sandesh.webhook-service.url (127.0.0.1:18082 in tests) or, with nothing there, fall back.
 * Ordered: the fallback tests open the circuit breaker, which would hide the stand-in.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignProgressTest {

    static {
        dev.sandesh.broadcast.FakeWebhookService.get();
    }

    private static String createCampaign(int valid) {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < valid; i++) {
            recipients.add(Map.of("phone", CampaignResourceTest.indianMobile(block, i), "parameters", List.of("p" + i)));
        }
        recipients.add(Map.of("phone", "invalid", "parameters", List.of()));
        return given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(CampaignResourceTest.body("progress", recipients))
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    @Test
    @Order(1)
    void countsComeFromWebhookServiceAndACampaignWhoseRecipientsAreAllTerminalCompletes() {
        String id = createCampaign(4);
        FakeWebhookService webhookService = FakeWebhookService.get();
        webhookService.stats(new CampaignStats(UUID.fromString(id), 1, 1, 1, 0, 0, 0, 0, Map.of(), Instant.parse("2025-10-20T06:30:00Z"),
                Instant.parse("2025-10-20T06:30:10Z")));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("state", equalTo("RUNNING"))
                .body("template.name", equalTo("sandesh_demo"))
                .body("createdAt", notNullValue())
                .body("startedAt", notNullValue())
                .body("counts.recipients", equalTo(5))
                .body("counts.valid", equalTo(4))
                .body("counts.rejected.total", equalTo(1))
                .body("counts.rejected.byReason.INVALID_NUMBER", equalTo(1))
                .body("counts.queued", equalTo(1))
                .body("counts.accepted", equalTo(1))
                .body("counts.sent", equalTo(1))
                .body("counts.delivered", equalTo(1))
                .body("counts.read", equalTo(0))
                .body("counts.stale", equalTo(false))
                // 3 outcomes in 10 s: 0.3/s, 1 queued → 4 s
                .body("throughput.messagesPerSecond", equalTo(0.3f))
                .body("throughput.etaSeconds", equalTo(4))
                // the cost is priced per message by webhook-service's views, not prorated here
                .body("cost.href", equalTo("/v1/campaigns/" + id + "/cost"));

        webhookService.stats(new CampaignStats(UUID.fromString(id), 0, 1, 0, 2, 1, 0, 0, Map.of(131026, 1L), null, null));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("counts.queued", equalTo(0));
        webhookService.stats(new CampaignStats(UUID.fromString(id), 0, 0, 0, 3, 1, 0, 0, Map.of(131026, 1L), null, null));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("completedAt", notNullValue())
                .body("counts.queued", equalTo(0))
                .body("counts.read", equalTo(3))
                .body("counts.failed", equalTo(1));
        assertThat(TestDb.query("SELECT state FROM broadcast.campaign WHERE id = ?", UUID.fromString(id)).getFirst())
                .containsEntry("state", "COMPLETED");
    }

    @Test
    @Order(2)
    void aCampaignWithHaltedRecipientsIsHaltedWithTheReason() {
        String id = createCampaign(3);
        FakeWebhookService.get().stats(new CampaignStats(UUID.fromString(id), 0, 1, 0, 0, 1, 0, 1, Map.of(132015, 1L), null, null));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("HALTED"))
                .body("stateReason", org.hamcrest.Matchers.containsString("halted"))
                .body("counts.halted", equalTo(1));
        assertThat(TestDb.query("SELECT state FROM broadcast.campaign WHERE id = ?", UUID.fromString(id)).getFirst())
                .containsEntry("state", "HALTED");
    }

    private static String state(UUID id) {
        return (String) TestDb.query("SELECT state FROM broadcast.campaign WHERE id = ?", id).getFirst().get("state");
    }

    @Test
    @Order(3)
    void theSchedulerTickCompletesAndHaltsRunningCampaignsThatNobodyReads() {
        UUID done = UUID.fromString(createCampaign(2));
        UUID stopped = UUID.fromString(createCampaign(2));
        UUID going = UUID.fromString(createCampaign(2));
        FakeWebhookService webhookService = FakeWebhookService.get();
        webhookService.stats(new CampaignStats(done, 0, 0, 0, 1, 1, 0, 0, Map.of(131026, 1L), null, null));
        webhookService.stats(new CampaignStats(stopped, 0, 1, 0, 0, 0, 0, 1, Map.of(), null, null));
        webhookService.stats(new CampaignStats(going, 0, 2, 0, 0, 0, 0, 0, Map.of(), null, null));

        // Each tick checks the RUNNING campaigns checked longest ago; earlier runs may have left many.
        int completed = 0;
        int halted = 0;
        for (int tick = 0; tick < 30 && !(state(done).equals("COMPLETED") && state(stopped).equals("HALTED")); tick++) {
            var answer = given().auth().oauth2(dev.sandesh.broadcast.FakeWebhookService.INTERNAL_SECRET).post("/internal/v1/scheduler/tick").then().statusCode(200).extract();
            completed += answer.<Integer>path("completed");
            halted += answer.<Integer>path("halted");
        }

        assertThat(TestDb.query("SELECT state, completed_at IS NOT NULL AS completed FROM broadcast.campaign WHERE id = ?", done).getFirst())
                .containsEntry("state", "COMPLETED").containsEntry("completed", true);
        assertThat(TestDb.query("SELECT state, state_reason FROM broadcast.campaign WHERE id = ?", stopped).getFirst())
                .containsEntry("state", "HALTED")
                .satisfies(row -> assertThat((String) row.get("state_reason")).contains("halted"));
        assertThat(TestDb.query("SELECT state, progress_checked_at IS NOT NULL AS checked FROM broadcast.campaign WHERE id = ?", going).getFirst())
                .as("sent with recent news is not settled").containsEntry("state", "RUNNING").containsEntry("checked", true);
        assertThat(completed).isGreaterThanOrEqualTo(1);
        assertThat(halted).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(4)
    void aCampaignWhoseLastRecipientsAreQuietSinceTheSettleCutoffCompletesAndSaysHowManySettledWithoutAReport() {
        String id = createCampaign(5);
        UUID campaign = UUID.fromString(id);
        FakeWebhookService webhookService = FakeWebhookService.get();
        // 1 read, 1 delivered (read receipts off), 2 sent (blocked), 1 UNKNOWN; of them quiet: 0 accepted, 2 sent, 1 unknown
        webhookService.stats(new CampaignStats(campaign, 0, 2, 1, 1, 0, 1, 0, Map.of(), null, null, 0, 0, 0, 1, 1));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("counts.settledWithoutReport", equalTo(2));
        String query = webhookService.statsQueries.getLast();
        Instant quietBefore = Instant.parse(query.substring(query.indexOf("quietBefore=") + "quietBefore=".length()).split("&")[0]);
        assertThat(quietBefore).as("settle-after (72h by default) before now")
                .isBetween(Instant.now().minus(java.time.Duration.ofHours(72)).minusSeconds(60), Instant.now().minus(java.time.Duration.ofHours(72)));

        webhookService.stats(new CampaignStats(campaign, 0, 2, 1, 1, 0, 1, 0, Map.of(), null, null, 0, 0, 0, 2, 1));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("COMPLETED"))
                .body("completedAt", notNullValue())
                .body("counts.settledWithoutReport", equalTo(3))
                .body("history.event", org.hamcrest.Matchers.contains("CREATED", "STARTED", "COMPLETED"))
                .body("history[2].reason", equalTo("settled: 3 without a delivery report (0 accepted, 2 sent, 1 unknown)"));
    }

    @Test
    @Order(9)
    void withWebhookServiceDownTheCountsAreTheLastOnesReadMarkedStale() {
        String id = createCampaign(3);
        UUID campaign = UUID.fromString(id);
        FakeWebhookService.get().stats(new CampaignStats(campaign, 1, 1, 0, 0, 0, 0, 0, Map.of(), null, null, 0, 0, 0, 0, 0));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200).body("counts.sent", equalTo(1)).body("counts.stale", equalTo(false));
        FakeWebhookService.get().down(campaign);

        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("counts.queued", equalTo(1))
                .body("counts.accepted", equalTo(1))
                .body("counts.sent", equalTo(1))
                .body("counts.stale", equalTo(true));
    }

    @Test
    @Order(10)
    void withWebhookServiceDownTheCountsAreStaleZerosAndTheCampaignStaysRunning() {
        String id = createCampaign(3);
        FakeWebhookService.get().down(UUID.fromString(id));

        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id)
                .then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("counts.valid", equalTo(3))
                .body("counts.queued", equalTo(3))
                .body("counts.accepted", equalTo(0))
                .body("counts.read", equalTo(0))
                .body("counts.stale", equalTo(true));
    }
}
