package dev.sandesh.broadcast.api;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.broadcast.client.RecipientStatePage;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Draft, start, schedule + tick, pause/resume/cancel with CampaignControl, the messaging limit, scoped keys. */
@QuarkusTest
class CampaignLifecycleTest {

    static {
        FakeWebhookService.get();
    }

    static final String CONTROL = "sender.control";
    /** Tier 250 in %test; key "scoped-test-key" may act for it and 999000222 only. */
    static final String LIMITED_NUMBER = "999000111";

    private TestBroker broker;

    @BeforeEach
    void purge() throws Exception {
        broker = new TestBroker();
        broker.purge(CampaignResourceTest.BATCHES);
        broker.purge(CONTROL);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    private static List<Map<String, Object>> audience(int n) {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recipients.add(CampaignResourceTest.recipient(CampaignResourceTest.indianMobile(block, i), "p" + i));
        }
        return recipients;
    }

    private static String create(Map<String, Object> extra, int n, int status) {
        Map<String, Object> body = new HashMap<>(CampaignResourceTest.body("lifecycle", audience(n)));
        body.putAll(extra);
        return given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns").then().statusCode(status).extract().path("id");
    }

    private List<CampaignControl> controls() throws Exception {
        return broker.drain(CONTROL).stream().map(m -> WireJson.decode(m.getBody(), CampaignControl.class, CampaignControl.VERSION)).toList();
    }

    private List<SendBatch> batches() throws Exception {
        return broker.drain(CampaignResourceTest.BATCHES).stream()
                .map(m -> WireJson.decode(m.getBody(), SendBatch.class, SendBatch.VERSION)).toList();
    }

    @Test
    void aDraftIsNotStartedUntilAskedThenPausesResumesAndCancelsThroughTheSender() throws Exception {
        String id = create(Map.of("start", false), 150, 201);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200).body("state", equalTo("DRAFT"));
        assertThat(batches()).isEmpty();

        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/pause")
                .then().statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}").post("/v1/campaigns/" + id + "/start")
                .then().statusCode(200).body("state", equalTo("RUNNING")).body("startedAt", notNullValue());
        assertThat(batches()).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(0, 1);

        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("reason", "wrong offer"))
                .post("/v1/campaigns/" + id + "/pause")
                .then().statusCode(200).body("state", equalTo("PAUSED"));
        List<CampaignControl> paused = controls();
        assertThat(paused).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(CampaignControl.Command.PAUSE);
            assertThat(c.campaignId()).hasToString(id);
            assertThat(c.phoneNumberId()).isEqualTo("106540352242922");
            assertThat(c.reason()).isEqualTo("wrong offer");
        });

        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/resume")
                .then().statusCode(200).body("state", equalTo("RUNNING"));
        assertThat(controls()).extracting(CampaignControl::command).containsExactly(CampaignControl.Command.RESUME);
        List<SendBatch> again = batches();
        assertThat(again).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(0, 1);
        assertThat(again.stream().mapToInt(b -> b.recipients().size()).sum()).isEqualTo(150);

        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/cancel")
                .then().statusCode(200).body("state", equalTo("CANCELLED"));
        assertThat(controls()).extracting(CampaignControl::command).containsExactly(CampaignControl.Command.CANCEL);
        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/resume")
                .then().statusCode(409);
        assertThat(TestDb.query("SELECT state FROM broadcast.campaign WHERE id = ?", UUID.fromString(id)).getFirst())
                .containsEntry("state", "CANCELLED");
    }

    @Test
    void aHaltedCampaignResumesThroughTheSenderAndTheHaltAndTheResumeAreInItsHistory() throws Exception {
        String id = create(Map.of(), 150, 201);
        UUID campaign = UUID.fromString(id);
        assertThat(batches()).hasSize(2);
        FakeWebhookService.get().stats(new CampaignStats(campaign, 100, 0, 0, 0, 0, 0, 50, Map.of(), null, null));
        FakeWebhookService.get().states(campaign, List.of(new RecipientStatePage.RecipientState(100, "HALTED", null, 190,
                "number halted: auth error 190 Authentication Error", null)));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("HALTED"))
                .body("stateReason", containsString("190"));

        // what webhook-service answers for haltedSince = the resume: the 50 released halts are queued again
        FakeWebhookService.get().stats(new CampaignStats(campaign, 100, 0, 0, 0, 0, 0, 0, Map.of(), null, null));
        FakeWebhookService.get().statsQueries.clear();
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("reason", "new token"))
                .post("/v1/campaigns/" + id + "/resume")
                .then().statusCode(200).body("state", equalTo("RUNNING"))
                .body("stateReason", nullValue())
                .body("history.event", contains("CREATED", "STARTED", "HALTED", "RESUMED"))
                .body("history[2].reason", containsString("auth error 190"))
                .body("history[3].reason", allOf(startsWith("new token; halt lifted (was: "), containsString("190")));
        assertThat(controls()).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(CampaignControl.Command.RESUME);
            assertThat(c.reason()).isEqualTo("new token");
        });
        List<SendBatch> again = batches();
        assertThat(again).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(0, 1);
        assertThat(again.stream().mapToInt(b -> b.recipients().size()).sum()).as("every batch again; the ledger skips the sent").isEqualTo(150);
        // the old halts no longer count: webhook-service is asked only for halts since the resume
        Instant resumedAt = ((java.sql.Timestamp) TestDb.query(
                "SELECT at FROM broadcast.campaign_history WHERE campaign_id = ? AND event = 'RESUMED'", campaign).getFirst().get("at")).toInstant();
        assertThat(FakeWebhookService.get().statsQueries).last().asString().contains("haltedSince=" + resumedAt);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("counts.queued", equalTo(50));
    }

    @Test
    void scheduledCampaignsAreStartedByTheTickOnceTheirTimeHasCome() throws Exception {
        String due = create(Map.of("startAt", Instant.now().minusSeconds(1).toString()), 3, 201);
        String later = create(Map.of("startAt", Instant.now().plusSeconds(3600).toString()), 3, 201);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + due).then().body("state", equalTo("SCHEDULED"))
                .body("scheduledAt", notNullValue());
        assertThat(batches()).isEmpty();

        given().auth().oauth2(dev.sandesh.broadcast.FakeWebhookService.INTERNAL_SECRET).post("/internal/v1/scheduler/tick").then().statusCode(200).body("started", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + due).then().body("state", equalTo("RUNNING"));
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + later).then().body("state", equalTo("SCHEDULED"));
        assertThat(batches()).extracting(b -> b.campaignId().toString()).contains(due).doesNotContain(later);

        String draft = create(Map.of("start", false), 2, 201);
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/campaigns/" + draft + "/schedule").then().statusCode(400).body("errors[0].field", equalTo("startAt"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("startAt", "2030-01-01T00:00:00Z"))
                .post("/v1/campaigns/" + draft + "/schedule").then().statusCode(200).body("state", equalTo("SCHEDULED"));
        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + draft + "/cancel").then().statusCode(200)
                .body("state", equalTo("CANCELLED"));
    }

    @Test
    void aStartStoresTheEstimateTheCampaignHadThenAndOnlyOnce() throws Exception {
        String draft = create(Map.of("start", false), 4, 201);
        UUID id = UUID.fromString(draft);
        var estimate = given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + draft + "/estimate")
                .then().statusCode(200).extract().jsonPath();
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign_estimate WHERE campaign_id = ?", id)).as("a draft has no start estimate").isZero();

        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}").post("/v1/campaigns/" + draft + "/start")
                .then().statusCode(200).body("state", equalTo("RUNNING"));

        assertThat(TestDb.query("SELECT * FROM broadcast.campaign_estimate WHERE campaign_id = ?", id)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("recipients", 4L).containsEntry("currency", estimate.getString("currency"))
                    .containsEntry("expected_delivered", estimate.getLong("expectedDelivered"))
                    .containsEntry("expected_failed", estimate.getLong("expectedFailed"))
                    .containsEntry("failure_share_from", estimate.getString("failureShareFrom"));
            assertThat(new java.math.BigDecimal(row.get("failure_share").toString()).doubleValue())
                    .isCloseTo(estimate.getDouble("failureShare"), org.assertj.core.api.Assertions.within(1e-6));
            assertThat(new java.math.BigDecimal(row.get("meta_cost").toString()))
                    .isEqualByComparingTo(new java.math.BigDecimal(estimate.getString("metaCost")));
        });
        String started = TestDb.query("SELECT estimated_at::text AS at FROM broadcast.campaign_estimate WHERE campaign_id = ?", id).getFirst().get("at").toString();

        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + draft + "/pause").then().statusCode(200);
        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + draft + "/resume")
                .then().statusCode(200).body("state", equalTo("RUNNING"));
        assertThat(TestDb.query("SELECT estimated_at::text AS at FROM broadcast.campaign_estimate WHERE campaign_id = ?", id))
                .as("a resume keeps the estimate the campaign started with").extracting(r -> r.get("at").toString()).containsExactly(started);
    }

    @Test
    void overTheMessagingLimitACampaignIsRefusedOrSpreadOver24HourWindows() throws Exception {
        // Forget earlier runs' sends from the limited number: its whole 250 is available.
        TestDb.query("UPDATE broadcast.campaign_window SET released_at = released_at - interval '2 days' WHERE campaign_id IN "
                + "(SELECT id FROM broadcast.campaign WHERE phone_number_id = ?) AND released_at IS NOT NULL", LIMITED_NUMBER);
        TestDb.query("UPDATE broadcast.campaign SET state = 'CANCELLED' WHERE phone_number_id = ? AND state <> 'CANCELLED'", LIMITED_NUMBER);
        long before = TestDb.count("SELECT count(*) FROM broadcast.campaign");
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(withNumber(Map.of(), 300)).post("/v1/campaigns")
                .then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Over the messaging limit"))
                .body("detail", containsString("300 recipients exceed the 250 left"));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign")).isEqualTo(before);

        String draft = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(withNumber(Map.of("start", false), 300)).post("/v1/campaigns").then().statusCode(201).extract().path("id");
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + draft + "/estimate")
                .then().statusCode(200)
                .body("recipients", equalTo(300))
                .body("category", equalTo("marketing"))
                .body("byCountry[0].country", equalTo("IN"))
                .body("byCountry[0].rateCurrency", equalTo("INR"))
                .body("currency", equalTo("INR"))
                .body("metaCost", notNullValue())
                .body("providers[0].name", equalTo("twilio"))
                .body("messagingLimit.tier", equalTo("250"))
                .body("messagingLimit.remaining", equalTo(250))
                .body("messagingLimit.fitsNow", equalTo(false))
                .body("messagingLimit.windows", equalTo(2));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}").post("/v1/campaigns/" + draft + "/start")
                .then().statusCode(409).body("title", equalTo("Over the messaging limit"));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign_estimate WHERE campaign_id = ?", UUID.fromString(draft)))
                .as("a refused start stores no estimate").isZero();
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("overLimit", "spread"))
                .post("/v1/campaigns/" + draft + "/start").then().statusCode(200).body("state", equalTo("RUNNING"));

        List<SendBatch> now = batches();
        assertThat(now.stream().mapToInt(b -> b.recipients().size()).sum()).isEqualTo(250);
        assertThat(TestDb.query("SELECT number, recipients, released_at IS NOT NULL AS released, release_at > now() + interval '23 hours' AS tomorrow "
                + "FROM broadcast.campaign_window WHERE campaign_id = ? ORDER BY number", UUID.fromString(draft)))
                .extracting(r -> r.get("number") + ":" + r.get("recipients") + ":" + r.get("released") + ":" + r.get("tomorrow"))
                .containsExactly("0:250:true:false", "1:50:false:true");

        given().auth().oauth2(dev.sandesh.broadcast.FakeWebhookService.INTERNAL_SECRET).post("/internal/v1/scheduler/tick").then().statusCode(200);
        assertThat(batches()).isEmpty();

        TestDb.query("UPDATE broadcast.campaign_window SET release_at = now() - interval '1 second' WHERE campaign_id = ? AND number = 1",
                UUID.fromString(draft));
        given().auth().oauth2(dev.sandesh.broadcast.FakeWebhookService.INTERNAL_SECRET).post("/internal/v1/scheduler/tick").then().statusCode(200).body("windowsReleased", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        List<SendBatch> tomorrow = batches();
        assertThat(tomorrow).extracting(SendBatch::batchNumber).containsExactly(3);
        assertThat(tomorrow.getFirst().recipients()).extracting(SendBatch.Recipient::sequence).first().isEqualTo(250L);
    }

    private static Map<String, Object> withNumber(Map<String, Object> extra, int n) {
        Map<String, Object> body = new HashMap<>(CampaignResourceTest.body("limited", audience(n)));
        body.put("phoneNumberId", LIMITED_NUMBER);
        body.putAll(extra);
        return body;
    }

    @Test
    void aKeyScopedToSomeNumbersIsRefusedTheCampaignsOfOthers() {
        String other = create(Map.of("start", false), 1, 201);
        given().auth().oauth2("scoped-test-key").get("/v1/campaigns/" + other).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2("scoped-test-key").post("/v1/campaigns/" + other + "/cancel").then().statusCode(403);
        given().auth().oauth2("scoped-test-key").contentType(ContentType.JSON).body(CampaignResourceTest.body("x", audience(1)))
                .post("/v1/campaigns").then().statusCode(403);
        String own = given().auth().oauth2("scoped-test-key").contentType(ContentType.JSON)
                .body(Map.of("name", "own", "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"),
                        "phoneNumberId", "999000222", "start", false))
                .post("/v1/campaigns").then().statusCode(201).body("state", equalTo("DRAFT")).extract().path("id");
        given().auth().oauth2("scoped-test-key").get("/v1/campaigns?limit=1000").then().statusCode(200)
                .body("campaigns.phoneNumberId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.oneOf(LIMITED_NUMBER, "999000222")))
                .body("campaigns.id", org.hamcrest.Matchers.hasItem(own));
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("limit", 1).get("/v1/campaigns").then().statusCode(200)
                .body("campaigns.size()", equalTo(1)).body("next", notNullValue());
        given().auth().oauth2("scoped-test-key").delete("/v1/opt-outs/+919812345678").then().statusCode(403);
    }
}
