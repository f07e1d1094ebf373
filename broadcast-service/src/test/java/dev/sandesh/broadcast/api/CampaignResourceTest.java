package dev.sandesh.broadcast.api;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class CampaignResourceTest {

    static {
        dev.sandesh.broadcast.FakeWebhookService.get();
    }

    static final String KEY = "sandesh-dev-key";
    static final String BATCHES = "sender.batches";

    private TestBroker broker;

    @BeforeEach
    void purgeBatches() throws Exception {
        broker = new TestBroker();
        broker.purge(BATCHES);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    /** A distinct valid Indian mobile number for each (test run, i). */
    static String indianMobile(int block, int i) {
        return String.format("+91 9%04d %05d", block, i);
    }

    static Map<String, Object> body(String name, List<Map<String, Object>> recipients) {
        return Map.of("name", name,
                "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"),
                "recipients", recipients);
    }

    static Map<String, Object> recipient(String phone, String parameter) {
        return Map.of("phone", phone, "parameters", List.of(parameter), "externalId", "ext-" + parameter);
    }

    @Test
    void createdCampaignIsStoredStartedAndPublishedInBatches() throws Exception {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> recipients.add(recipient(indianMobile(block, i), "p" + i)));
        recipients.add(5, recipient("0" + indianMobile(block, 2).substring(4), "dup"));   // same as recipient 2, national format
        recipients.add(100, recipient("12345", "bad"));

        Response created = given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body("batches", recipients))
                .post("/v1/campaigns")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", containsString("/v1/campaigns/"))
                .body("state", equalTo("RUNNING"))
                .body("startedAt", notNullValue())
                .body("phoneNumberId", equalTo("106540352242922"))
                .body("template.category", equalTo("marketing"))
                .body("counts.recipients", equalTo(252))
                .body("counts.valid", equalTo(250))
                .body("counts.rejected.total", equalTo(2))
                .body("counts.rejected.byReason.DUPLICATE", equalTo(1))
                .body("counts.rejected.byReason.INVALID_NUMBER", equalTo(1))
                .body("batches", equalTo(3))
                .body("rejections[0].index", equalTo(5))
                .body("rejections[0].reason", equalTo("DUPLICATE"))
                .body("rejections[0].externalId", equalTo("ext-dup"))
                .body("rejections[0].detail", equalTo("same number as recipient 2"))
                .body("rejections[1].index", equalTo(100))
                .body("rejections[1].reason", equalTo("INVALID_NUMBER"))
                .body("rejections[1].phone", equalTo("12345"))
                .extract().response();
        UUID id = UUID.fromString(created.path("id"));

        Map<String, Object> campaign = TestDb.query("SELECT * FROM broadcast.campaign WHERE id = ?", id).getFirst();
        assertThat(campaign).containsEntry("state", "RUNNING").containsEntry("valid", 250).containsEntry("rejected", 2)
                .containsEntry("batch_size", 100).containsEntry("template_name", "sandesh_demo");
        assertThat(campaign.get("started_at")).isNotNull();
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.recipient WHERE campaign_id = ?", id)).isEqualTo(252);
        assertThat(TestDb.query("SELECT sequence, rejection_reason, phone_e164 FROM broadcast.recipient WHERE campaign_id = ? AND rejection_reason IS NOT NULL ORDER BY sequence", id))
                .extracting(r -> r.get("sequence") + ":" + r.get("rejection_reason") + ":" + r.get("phone_e164"))
                .containsExactly("5:DUPLICATE:" + indianMobile(block, 2).replace(" ", ""), "100:INVALID_NUMBER:null");
        assertThat(TestDb.query("SELECT parameters::text AS p, country FROM broadcast.recipient WHERE campaign_id = ? AND sequence = 0", id).getFirst())
                .containsEntry("p", "[\"p0\"]").containsEntry("country", "IN");

        List<GetResponse> messages = awaitMessages(BATCHES, 3);
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.getProps().getContentType()).isEqualTo("application/json");
            assertThat(m.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(m.getProps().getHeaders().get("type")).hasToString("SendBatch");
        });
        List<SendBatch> batches = messages.stream().map(m -> WireJson.decode(m.getBody(), SendBatch.class, SendBatch.VERSION))
                .sorted(java.util.Comparator.comparingInt(SendBatch::batchNumber)).toList();
        assertThat(batches).extracting(SendBatch::batchNumber).containsExactly(0, 1, 2);
        assertThat(batches).extracting(b -> b.recipients().size()).containsExactly(100, 100, 50);
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.campaignId()).isEqualTo(id);
            assertThat(b.phoneNumberId()).isEqualTo("106540352242922");
            assertThat(b.template().name()).isEqualTo("sandesh_demo");
        });
        List<Long> sequences = batches.stream().flatMap(b -> b.recipients().stream()).map(SendBatch.Recipient::sequence).toList();
        List<Long> expected = IntStream.range(0, 252).filter(i -> i != 5 && i != 100).mapToObj(i -> (long) i).toList();
        assertThat(sequences).isEqualTo(expected);
        SendBatch.Recipient first = batches.getFirst().recipients().getFirst();
        assertThat(first.phone()).isEqualTo(indianMobile(block, 0).replace(" ", ""));
        assertThat(first.country()).isEqualTo("IN");
        assertThat(first.bodyParameters()).containsExactly("p0");
    }

    @Test
    void anInvalidRequestIs400WithTheFieldsAndStoresNothing() throws Exception {
        long before = TestDb.count("SELECT count(*) FROM broadcast.campaign");

        given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "template", Map.of("name", " ", "language", "en", "category", "promotional"), "recipients", List.of()))
                .post("/v1/campaigns")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("type", notNullValue())
                .body("errors", hasItem(Map.of("field", "template.name", "reason", "must not be blank")))
                .body("errors", hasItem(Map.of("field", "template.category", "reason", "must be one of marketing, utility, authentication")))
                .body("errors", hasItem(Map.of("field", "recipients", "reason", "must not be empty")));

        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(Map.of("recipients", List.of(Map.of("phone", "+919812345678"))))
                .post("/v1/campaigns")
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("name", "template"));

        given().auth().oauth2(KEY).contentType(ContentType.JSON).body("{\"name\": \"x\", \"recipients\": 7")
                .post("/v1/campaigns")
                .then().statusCode(400).contentType("application/problem+json");

        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign")).isEqualTo(before);
        assertThat(broker.count(BATCHES)).isZero();
    }

    @Test
    void withoutAValidApiKeyTheApiAnswers401() {
        Map<String, Object> body = body("no key", List.of(recipient("+919812345678", "a")));
        long before = TestDb.count("SELECT count(*) FROM broadcast.campaign");

        given().contentType(ContentType.JSON).body(body).post("/v1/campaigns")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401));
        given().auth().oauth2("not-a-key").contentType(ContentType.JSON).body(body).post("/v1/campaigns")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic c2FuZGVzaC1kZXYta2V5Og==").get("/v1/campaigns/" + UUID.randomUUID())
                .then().statusCode(401);

        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign")).isEqualTo(before);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheOriginalCampaignAndPublishesNothingMore() throws Exception {
        String key = "order-" + UUID.randomUUID();
        int block = (int) (System.nanoTime() % 9000) + 1000;
        Map<String, Object> body = body("idempotent", List.of(recipient(indianMobile(block, 1), "a"), recipient("junk", "b")));

        String id = given().auth().oauth2(KEY).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
        assertThat(awaitMessages(BATCHES, 1)).hasSize(1);

        given().auth().oauth2(KEY).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("state", equalTo("RUNNING"))
                .body("counts.valid", equalTo(1))
                .body("rejections[0].index", equalTo(1))
                .body("rejections[0].reason", equalTo("INVALID_NUMBER"));

        given().auth().oauth2(KEY).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body("idempotent but different", List.of(recipient(indianMobile(block, 2), "a"))))
                .post("/v1/campaigns")
                .then().statusCode(409).contentType("application/problem+json");

        assertThat(broker.count(BATCHES)).isZero();
        // stored per caller: <API key name>:<Idempotency-Key>
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign WHERE idempotency_key LIKE ?", "%:" + key)).isEqualTo(1);
    }

    @Test
    void aCampaignNamingANumberThatIsNotOneOfTheDeploymentsIs400AndStoresNothing() throws Exception {
        String name = "foreign number " + UUID.randomUUID();
        Map<String, Object> body = new java.util.HashMap<>(body(name, List.of(recipient(indianMobile(4242, 1), "a"))));
        body.put("phoneNumberId", "123456789012345");
        given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/v1/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phoneNumberId"))
                .body("errors[0].reason", containsString("not one of this deployment's business numbers (106540352242922, 999000111, 999000222)"));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign WHERE name = ?", name)).isZero();
        assertThat(broker.count(BATCHES)).isZero();
    }

    @Test
    void idempotencyKeysArePerCaller() throws Exception {
        String key = "order-" + UUID.randomUUID();
        int block = (int) (System.nanoTime() % 9000) + 1000;
        Map<String, Object> body = new java.util.HashMap<>(body("per caller", List.of(recipient(indianMobile(block, 1), "a"))));
        body.put("phoneNumberId", "999000222"); // in the scoped key's numbers, without 999000111's 250 tier (CampaignLifecycleTest)

        String mine = given().auth().oauth2(KEY).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
        // another API key choosing the same Idempotency-Key gets its own campaign, never the first one
        String theirs = given().auth().oauth2("scoped-test-key").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
        given().auth().oauth2("scoped-test-key").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/campaigns").then().statusCode(200).body("id", equalTo(theirs));

        assertThat(theirs).isNotEqualTo(mine);
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign WHERE idempotency_key LIKE ?", "%:" + key)).isEqualTo(2);
        awaitMessages(BATCHES, 2);
    }

    @Test
    void anUnknownCampaignIs404() {
        given().auth().oauth2(KEY).get("/v1/campaigns/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(KEY).get("/v1/campaigns/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void rejectionsCanBeListedPageByPage() {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = List.of(recipient(indianMobile(block, 1), "a"), recipient("x1", "b"),
                recipient(indianMobile(block, 1), "c"), recipient("x2", "d"));
        String id = given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body("rejections", recipients))
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");

        given().auth().oauth2(KEY).queryParam("limit", 2).get("/v1/campaigns/" + id + "/rejections")
                .then().statusCode(200)
                .body("rejections.index", equalTo(List.of(1, 2)))
                .body("rejections.reason", equalTo(List.of("INVALID_NUMBER", "DUPLICATE")))
                .body("next", equalTo(2));
        given().auth().oauth2(KEY).queryParam("after", 2).get("/v1/campaigns/" + id + "/rejections")
                .then().statusCode(200)
                .body("rejections.index", equalTo(List.of(3)))
                .body("next", org.hamcrest.Matchers.nullValue());
    }

    /** Every message on the queue once the app publishes nothing more (TestBroker#drain waits for its background publishing). */
    List<GetResponse> awaitMessages(String queue, int expected) throws Exception {
        return broker.drain(queue);
    }
}
