package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.broadcast.persistence.OptOutRepository;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-outs are checked again when batches are released (DESIGN.md §4): a number opted out after the
 * campaign was created is not published and is counted rejected OPTED_OUT; a marketing opt-out of
 * the campaign's business number does not keep a number from a utility campaign.
 */
@QuarkusTest
class OptOutReleaseTest {

    static {
        FakeWebhookService.get();
    }

    private static final String NUMBER = "106540352242922";

    @Inject
    OptOutRepository optOuts;

    private TestBroker broker;

    @BeforeEach
    void purge() throws Exception {
        broker = new TestBroker();
        broker.purge(CampaignResourceTest.BATCHES);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    private static String draft(Map<String, Object> template, List<String> phones, List<String> parameters) {
        List<Map<String, Object>> recipients = phones.stream()
                .map(p -> Map.<String, Object>of("phone", p, "parameters", parameters)).toList();
        Map<String, Object> body = new HashMap<>(Map.of("name", "opt-out release", "template", template, "recipients", recipients));
        body.put("start", false);
        return given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    private List<SendBatch> startAndReadBatches(String id) throws Exception {
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}").post("/v1/campaigns/" + id + "/start")
                .then().statusCode(200);
        return broker.drain(CampaignResourceTest.BATCHES).stream()
                .map(m -> WireJson.decode(m.getBody(), SendBatch.class, SendBatch.VERSION)).toList();
    }

    private void optOut(String e164, OptOut.Scope scope, String phoneNumberId) {
        optOuts.apply(new OptOut(e164, null, phoneNumberId, scope, OptOut.Action.OPT_OUT, OptOut.Source.USER_PREFERENCES, Instant.now()))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aNumberOptedOutAfterTheCampaignWasCreatedIsNotReleasedAndIsCountedOptedOut() throws Exception {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<String> phones = List.of(CampaignResourceTest.indianMobile(block, 1), CampaignResourceTest.indianMobile(block, 2),
                CampaignResourceTest.indianMobile(block, 3));
        String id = draft(Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"), phones, List.of("Asha"));
        String stopped = "+919" + String.format("%04d", block) + "00002";
        optOut(stopped, OptOut.Scope.MARKETING, NUMBER);

        List<SendBatch> batches = startAndReadBatches(id);

        assertThat(batches.stream().flatMap(b -> b.recipients().stream()).map(SendBatch.Recipient::phone))
                .hasSize(2).doesNotContain(stopped);
        assertThat(TestDb.query("SELECT rejection_reason FROM broadcast.recipient WHERE campaign_id = ? AND phone_e164 = ?",
                UUID.fromString(id), stopped).getFirst()).containsEntry("rejection_reason", "OPTED_OUT");
        assertThat(TestDb.query("SELECT valid, rejected, rejected_opted_out FROM broadcast.campaign WHERE id = ?", UUID.fromString(id))
                .getFirst()).containsEntry("valid", 2).containsEntry("rejected", 1).containsEntry("rejected_opted_out", 1);
    }

    @Test
    void aMarketingOptOutDoesNotBlockAUtilityCampaignNorOneFromAnotherNumber() throws Exception {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<String> phones = List.of(CampaignResourceTest.indianMobile(block, 7), CampaignResourceTest.indianMobile(block, 8));
        String marketingElsewhere = "+919" + String.format("%04d", block) + "00008";
        String stopped = "+919" + String.format("%04d", block) + "00007";
        optOut(stopped, OptOut.Scope.MARKETING, NUMBER);
        optOut(marketingElsewhere, OptOut.Scope.MARKETING, "999000999");

        String utility = draft(Map.of("name", "sandesh_utility", "language", "en", "category", "utility"), phones, List.of("a", "b"));
        assertThat(startAndReadBatches(utility).stream().mapToInt(b -> b.recipients().size()).sum()).isEqualTo(2);

        String marketing = draft(Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"), phones, List.of("Asha"));
        // At creation the marketing opt-out of this number already keeps `stopped` out; the other number's does not apply.
        assertThat(TestDb.query("SELECT phone_e164 FROM broadcast.recipient WHERE campaign_id = ? AND rejection_reason = 'OPTED_OUT'",
                UUID.fromString(marketing))).extracting(r -> r.get("phone_e164")).containsExactly(stopped);
        assertThat(startAndReadBatches(marketing).stream().flatMap(b -> b.recipients().stream()).map(SendBatch.Recipient::phone))
                .containsExactly(marketingElsewhere);
    }
}
