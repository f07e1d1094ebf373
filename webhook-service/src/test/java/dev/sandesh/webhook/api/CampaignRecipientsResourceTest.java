package dev.sandesh.webhook.api;

import dev.sandesh.webhook.TestSupport;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.webhook.persistence.SendFailure;
import dev.sandesh.webhook.persistence.Transactions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/** {@code GET /internal/v1/campaigns/{id}/recipients}: the contract broadcast-service's client relies on. */
@QuarkusTest
class CampaignRecipientsResourceTest {

    private static final long T = 1_750_030_073L;

    @Inject
    Transactions transactions;

    private UUID campaign;
    private String w;

    @BeforeEach
    void clean() {
        purgeOutcomeQueues();
        cleanTables();
        campaign = UUID.randomUUID();
        w = "wamid." + campaign + ".";
    }

    private static void postWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .when().post("/webhooks/whatsapp").then().statusCode(200);
    }

    private static JsonPath page(UUID campaign, Map<String, ?> params) {
        return TestSupport.internal().queryParams(params).when().get("/internal/v1/campaigns/{id}/recipients", campaign)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private static List<Integer> sequences(JsonPath page) {
        return page.getList("recipients.sequence", Integer.class);
    }

    /**
     * 0 accepted only, 1 sent, 2 read, 3 failed by webhook (131049), 4 delivered then a late failure,
     * 5 FAILED send (131049), 6 FAILED send (131026), 7 HALTED, 8 UNKNOWN then accepted by a later
     * outcome (it has a wamid now), 9 of another campaign.
     */
    private void campaignWithEveryKindOfOutcome() {
        publishOutcome(new BatchOutcome(campaign, 0, "106540352242922", List.of(
                RecipientOutcome.accepted(0, "IN", w + 0),
                RecipientOutcome.accepted(1, "IN", w + 1),
                RecipientOutcome.accepted(2, "IN", w + 2),
                RecipientOutcome.accepted(3, "IN", w + 3),
                RecipientOutcome.accepted(4, "IN", w + 4),
                RecipientOutcome.failed(5, "IN", 131049, "This message was not delivered to maintain healthy ecosystem engagement."),
                RecipientOutcome.failed(6, "IN", 131026, "Message undeliverable"),
                new RecipientOutcome(7, "IN", BatchOutcome.Result.HALTED, null, null, "campaign halted"),
                new RecipientOutcome(8, "IN", BatchOutcome.Result.UNKNOWN, null, -1, "timeout"))));
        publishOutcome(new BatchOutcome(campaign, 1, "106540352242922", List.of(RecipientOutcome.accepted(8, "IN", w + 8))));
        publishOutcome(new BatchOutcome(UUID.randomUUID(), 0, "106540352242922", List.of(RecipientOutcome.accepted(9, "IN", "wamid.other." + campaign))));
        postWebhook(webhook(
                status(w + 1, "sent", T),
                status(w + 2, "sent", T), status(w + 2, "read", T + 20), status(w + 2, "delivered", T + 10),
                failed(w + 3, T + 30, 131049, "Marketing cap"),
                status(w + 4, "delivered", T + 40), failed(w + 4, T + 50, 131026, "late"),
                status(w + 8, "sent", T + 60)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sequences(page(campaign, Map.of())))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void bothTablesMergeInSequenceOrderEachRecipientOnceInItsCurrentState() {
        Instant before = Instant.now().minusSeconds(1);
        campaignWithEveryKindOfOutcome();

        JsonPath page = page(campaign, Map.of("after", -1, "limit", 500));

        assertThat(page.getList("recipients.state", String.class))
                .containsExactly("ACCEPTED", "SENT", "READ", "FAILED", "DELIVERED", "FAILED", "FAILED", "HALTED", "SENT");
        assertThat(page.getList("recipients.wamid", String.class))
                .containsExactly(w + 0, w + 1, w + 2, w + 3, w + 4, null, null, null, w + 8);
        assertThat(page.getList("recipients.errorCode", Integer.class))
                .as("errors only for failures: 4's late failure did not make it FAILED")
                .containsExactly(null, null, null, 131049, null, 131049, 131026, null, null);
        assertThat(page.getString("recipients[3].errorTitle")).isEqualTo("Marketing cap");
        assertThat(page.getString("recipients[7].errorTitle")).isEqualTo("campaign halted");
        List<String> at = page.getList("recipients.updatedAt", String.class);
        assertThat(at.get(1)).as("when it was sent").isEqualTo(Instant.ofEpochSecond(T).toString());
        assertThat(at.get(2)).as("when it was read").isEqualTo(Instant.ofEpochSecond(T + 20).toString());
        assertThat(at.get(3)).as("when it failed").isEqualTo(Instant.ofEpochSecond(T + 30).toString());
        assertThat(at.get(4)).as("when it was delivered").isEqualTo(Instant.ofEpochSecond(T + 40).toString());
        assertThat(at.get(8)).isEqualTo(Instant.ofEpochSecond(T + 60).toString());
        for (int recorded : List.of(0, 5, 6, 7)) {
            assertThat(Instant.parse(at.get(recorded))).as("accepted or failed send: when it was recorded").isAfter(before);
        }
        assertThat(page.get("next") == null).as("a short page is the last").isTrue();

        SendFailure halted = transactions.inSession(() -> SendFailure.<SendFailure>findById(new SendFailure.Key(campaign, 7)))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(halted.result).isEqualTo("HALTED");
        assertThat(halted.recordedAt).isEqualTo(Instant.parse(at.get(7)));
    }

    @Test
    void keysetPagesWalkEveryRecipientOnceAndNextIsNullOnlyAfterTheLastFullPage() {
        campaignWithEveryKindOfOutcome();

        List<Integer> seen = new ArrayList<>();
        List<Object> nexts = new ArrayList<>();
        long after = -1;
        for (int call = 0; call < 10; call++) {
            JsonPath page = page(campaign, Map.of("after", after, "limit", 3));
            seen.addAll(sequences(page));
            Object next = page.get("next");
            nexts.add(next);
            if (next == null) {
                break;
            }
            after = ((Number) next).longValue();
        }

        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(nexts).as("9 recipients in pages of 3: three full pages, then an empty one").containsExactly(2, 5, 8, null);
        assertThat(sequences(page(campaign, Map.of("after", 4, "limit", 2)))).containsExactly(5, 6);
        assertThat(sequences(page(campaign, Map.of("after", 8)))).isEmpty();
    }

    @Test
    void stateAndErrorCodeFilterTheCurrentStateOfEachRecipient() {
        campaignWithEveryKindOfOutcome();

        assertThat(sequences(page(campaign, Map.of("state", "FAILED")))).as("webhook failures and failed sends").containsExactly(3, 5, 6);
        assertThat(sequences(page(campaign, Map.of("state", "FAILED", "errorCode", 131049)))).containsExactly(3, 5);
        assertThat(sequences(page(campaign, Map.of("errorCode", 131026)))).as("4 was delivered: its late failure is no error").containsExactly(6);
        assertThat(sequences(page(campaign, Map.of("state", "sent")))).as("case-insensitive; 8 has a wamid now").containsExactly(1, 8);
        assertThat(sequences(page(campaign, Map.of("state", "UNKNOWN")))).as("8 is no longer unknown").isEmpty();
        assertThat(sequences(page(campaign, Map.of("state", "HALTED")))).containsExactly(7);
        assertThat(sequences(page(campaign, Map.of("state", "FAILED", "after", 3, "limit", 1)))).containsExactly(5);
        JsonPath full = page(campaign, Map.of("state", "FAILED", "limit", 2));
        assertThat(sequences(full)).containsExactly(3, 5);
        assertThat(full.getInt("next")).isEqualTo(5);
    }

    @Test
    void anUnknownCampaignIsAnEmptyPage() {
        assertThat(TestSupport.internal().when().get("/internal/v1/campaigns/{id}/recipients", UUID.randomUUID())
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString())
                .isEqualTo("{\"recipients\":[],\"next\":null}");
        JsonPath page = page(UUID.randomUUID(), Map.of("after", -1, "limit", 500, "state", "FAILED", "errorCode", 131049));
        assertThat(sequences(page)).isEmpty();
        assertThat(page.getMap("").containsKey("next")).as("next is present, null").isTrue();
        assertThat(page.get("next") == null).isTrue();
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        List<Map.Entry<String, String>> bad = List.of(
                Map.entry("limit", "0"), Map.entry("limit", "10001"), Map.entry("limit", "ten"), Map.entry("limit", "99999999999"),
                Map.entry("after", "x"), Map.entry("state", "BOUNCED"), Map.entry("errorCode", "13104x"),
                Map.entry("errorCode", "99999999999"));
        for (Map.Entry<String, String> param : bad) {
            TestSupport.internal().queryParam(param.getKey(), param.getValue())
                    .when().get("/internal/v1/campaigns/{id}/recipients", UUID.randomUUID())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", org.hamcrest.Matchers.equalTo(400))
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo(param.getKey()));
        }
        TestSupport.internal().queryParam("limit", "10000").when().get("/internal/v1/campaigns/{id}/recipients", UUID.randomUUID())
                .then().statusCode(200);
        TestSupport.internal().when().get("/internal/v1/campaigns/not-a-uuid/recipients").then().statusCode(404).contentType("application/problem+json");
    }
}
