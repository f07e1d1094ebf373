package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateComponents;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.sandesh.broadcast.domain.TemplateFixtures.DESSERT_COMPONENTS;
import static dev.sandesh.broadcast.domain.TemplateFixtures.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Campaigns on Meta-shaped templates (a NAMED template with an image header, named body parameters, a URL
 * button suffix and a copy-code coupon) through the API, the real PostgreSQL and RabbitMQ: what reaches
 * {@code sender.batches}, what is refused before anything is stored, and what is rejected per recipient.
 */
@QuarkusTest
@TestProfile(FullTemplatesTest.FixtureCatalogue.class)
class FullTemplatesTest {

    // No FakeWebhookService here: a test profile restarts the app in another class loader, whose copy could not
    // bind the fake's port; nothing here needs webhook stats (retry-failed with variables: RetryFailedVariablesTest).

    /** Serves TemplateFixtures (and the configured templates) as the catalogue. */
    public static class FixtureCatalogue implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FixtureTemplateCatalog.class);
        }
    }

    private static final String KEY = "sandesh-dev-key";
    private static final String BATCHES = "sender.batches";

    private TestBroker broker;
    private final int block = (int) (System.nanoTime() % 9000) + 1000;

    @BeforeEach
    void purgeBatches() throws Exception {
        broker = new TestBroker();
        broker.purge(BATCHES);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    private String phone(int i) {
        // Not CampaignResourceTest.indianMobile: calling it would run that class's static start of the fake webhook-service.
        return String.format("+919%04d%05d", block, i);
    }

    private static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID();
    }

    /** A create request on dessert_offer with these components (JSON) and recipients (JSON array). */
    private static String dessertCampaign(String name, String components, String recipients, boolean start) {
        return """
                {"name": "%s", "start": %s,
                 "template": {"name": "dessert_offer", "language": "en_US", "components": %s},
                 "recipients": %s}""".formatted(name, start, components, recipients);
    }

    private static String dessertRecipient(String phone, String externalId, String customer, String offer, String order, String coupon) {
        StringBuilder variables = new StringBuilder("\"customer\": \"" + customer + "\", \"offer\": \"" + offer + "\", \"order\": \"" + order + "\"");
        if (coupon != null) {
            variables.append(", \"coupon\": \"").append(coupon).append('"');
        }
        return "{\"phone\": \"" + phone + "\", \"externalId\": \"" + externalId + "\", \"variables\": {" + variables + "}}";
    }

    private static ValidatableResponse post(String body) {
        return given().auth().oauth2(KEY).contentType(ContentType.JSON).body(body).post("/v1/campaigns").then();
    }

    @Test
    void aNamedTemplateCampaignPublishesItsComponentsAndEachRecipientsOwnValues() throws Exception {
        String recipients = "[" + String.join(",",
                dessertRecipient(phone(0), "c0", "Asha", "20%", "A-1042", "KULFI20"),
                dessertRecipient(phone(1), "c1", "Ravi", "15%", "A-1043", "FALOODA15"),
                dessertRecipient(phone(2), "c2", "Meera", "10%", "A-1044", null),
                dessertRecipient(phone(3), "c3", "Kabir", "5%", "A-1045", "WAYTOOLONGCOUPON16")) + "]";
        String id = post(dessertCampaign(uniqueName("dessert"), DESSERT_COMPONENTS, recipients, true))
                .statusCode(201)
                .body("state", equalTo("RUNNING"))
                .body("template.category", equalTo("marketing"))
                .body("counts.recipients", equalTo(4))
                .body("counts.valid", equalTo(2))
                .body("counts.rejected.byReason.MISSING_VARIABLE", equalTo(1))
                .body("counts.rejected.byReason.INVALID_PARAMETER", equalTo(1))
                .body("rejections.index", equalTo(List.of(2, 3)))
                .body("rejections.reason", equalTo(List.of("MISSING_VARIABLE", "INVALID_PARAMETER")))
                .body("rejections[0].detail", equalTo("template.components[3].parameters[0].coupon_code: no variable for {{coupon}}"))
                .body("rejections[1].detail", equalTo("template.components[3].parameters[0].coupon_code is 18 characters, more than 15 (coupon code)"))
                .extract().path("id");

        List<SendBatch> batches = batches(1);
        assertThat(batches).hasSize(1);
        SendBatch batch = batches.getFirst();
        assertThat(batch.template().name()).isEqualTo("dessert_offer");
        assertThat(batch.template().language()).isEqualTo("en_US");
        assertThat(batch.template().category()).isEqualTo("marketing");
        // The placeholders travel unresolved: each recipient's values resolve them in sender-service.
        assertThat(batch.template().components()).isEqualTo(json(DESSERT_COMPONENTS));
        assertThat(batch.recipients()).extracting(SendBatch.Recipient::sequence).containsExactly(0L, 1L);
        assertThat(batch.recipients().get(0).variables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("customer", "Asha", "offer", "20%", "order", "A-1042", "coupon", "KULFI20"));
        assertThat(batch.recipients().get(1).variables()).containsEntry("coupon", "FALOODA15").containsEntry("customer", "Ravi");

        JsonNode ravi = TemplateComponents.compile(batch.template().components())
                .resolve(batch.recipients().get(1).bodyParameters(), batch.recipients().get(1).variables());
        assertThat(ravi.at("/1/parameters/0/text").asText()).isEqualTo("Ravi");
        assertThat(ravi.at("/2/parameters/0/text").asText()).isEqualTo("A-1043");
        assertThat(ravi.at("/3/parameters/0/coupon_code").asText()).isEqualTo("FALOODA15");
        assertThat(ravi.at("/0/parameters/0/image/link").asText()).isEqualTo("https://cdn.example/kulfi.jpg");

        UUID campaignId = UUID.fromString(id);
        Map<String, Object> row = TestDb.query("SELECT template_components, rejected_missing_variable, rejected_invalid_parameter "
                + "FROM broadcast.campaign WHERE id = ?", campaignId).getFirst();
        assertThat(json((String) row.get("template_components"))).isEqualTo(json(DESSERT_COMPONENTS));
        assertThat(row).containsEntry("rejected_missing_variable", 1).containsEntry("rejected_invalid_parameter", 1);
        given().auth().oauth2(KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("counts.rejected.byReason.MISSING_VARIABLE", equalTo(1))
                .body("counts.rejected.byReason.INVALID_PARAMETER", equalTo(1));
        given().auth().oauth2(KEY).get("/v1/campaigns/" + id + "/rejections").then().statusCode(200)
                .body("rejections.reason", equalTo(List.of("MISSING_VARIABLE", "INVALID_PARAMETER")));
    }

    @Test
    void eachCampaignLevelMistakeIs400NamingComponentAndParameterAndCreatesNothing() throws Exception {
        String name = uniqueName("refused");
        String recipients = "[" + dessertRecipient(phone(10), "r0", "Asha", "20%", "A-1", "KULFI20") + "]";
        String noImage = DESSERT_COMPONENTS.replace("{\"link\":\"https://cdn.example/kulfi.jpg\"}", "{}");
        String noCoupon = DESSERT_COMPONENTS.substring(0, DESSERT_COMPONENTS.lastIndexOf(",\n")) + "]";
        String wrongName = DESSERT_COMPONENTS.replace("\"parameter_name\":\"offer\"", "\"parameter_name\":\"discount\"");
        String couponTooLong = DESSERT_COMPONENTS.replace("{{coupon}}", "SIXTEEN_CHARS_XX");
        String quickReplyForUrl = DESSERT_COMPONENTS.replace("\"sub_type\":\"url\"", "\"sub_type\":\"quick_reply\"");

        expectRefused(dessertCampaign(name, noImage, recipients, true),
                "template.components[0].parameters[0].image", "must have exactly one of link or id");
        expectRefused(dessertCampaign(name, noCoupon, recipients, true),
                "template.components", "missing the button component for index 1 (COPY_CODE, sub_type copy_code)");
        expectRefused(dessertCampaign(name, wrongName, recipients, true), "template.components[1].parameters[1].parameter_name", null);
        expectRefused(dessertCampaign(name, couponTooLong, recipients, true), "template.components[3].parameters[0].coupon_code", null);
        expectRefused(dessertCampaign(name, quickReplyForUrl, recipients, true), "template.components[2].sub_type", null);
        expectRefused(dessertCampaign(name, DESSERT_COMPONENTS, recipients, true)
                .replace("\"language\": \"en_US\"", "\"language\": \"en_US\", \"category\": \"utility\""), "template.category", null);
        expectRefused(dessertCampaign(name, DESSERT_COMPONENTS, recipients, true).replace("dessert_offer", "no_such_template"),
                "template.name", "no template no_such_template in the catalogue");
        expectRefused("""
                {"name": "%s", "template": {"name": "paused_promo", "language": "en"}, "recipients": [{"phone": "%s"}]}"""
                .formatted(name, phone(11)), "template", null);
        // the short form cannot supply a NAMED template's image header or its coupon
        expectRefused(dessertCampaign(name, "null", recipients, true), "template.components", null);

        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign WHERE name = ?", name)).isZero();
        assertThat(broker.count(BATCHES)).isZero();
    }

    private static void expectRefused(String body, String fieldPrefix, String reason) {
        ValidatableResponse refused = post(body).statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        List<Map<String, String>> errors = refused.extract().path("errors");
        assertThat(errors).as("errors of %s", body).anySatisfy(e -> {
            assertThat(e.get("field")).startsWith(fieldPrefix);
            if (reason != null) {
                assertThat(e.get("reason")).isEqualTo(reason);
            }
        });
    }

    @Test
    void csvColumnsAndNdjsonVariablesReachTheBatches() throws Exception {
        String id = post(dessertCampaign(uniqueName("uploads"), DESSERT_COMPONENTS, "[]", false))
                .statusCode(201).body("state", equalTo("DRAFT")).extract().path("id");

        String csv = """
                phone,external_id,customer,offer,order,coupon
                %s,c20,Asha,20%%,A-2001,KULFI20
                %s,c21,"Ravi, Jr",15%%,A-2002,
                """.formatted(phone(20), phone(21));
        given().auth().oauth2(KEY).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(200)
                .body("received", equalTo(2))
                .body("valid", equalTo(1))
                .body("rejected.byReason.INVALID_PARAMETER", equalTo(1))
                .body("rejections[0].reason", equalTo("INVALID_PARAMETER"))
                .body("rejections[0].detail", org.hamcrest.Matchers.containsString("template.components[3].parameters[0].coupon_code"));

        String ndjson = """
                {"phone": "%s", "externalId": "c22", "variables": {"customer": "Meera", "offer": "10%%", "order": "A-2003", "coupon": "RABRI10"}}
                {"phone": "%s", "externalId": "c23", "variables": {"customer": "Kabir", "offer": "5%%", "order": "A-2004"}}
                """.formatted(phone(22), phone(23));
        given().auth().oauth2(KEY).contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(200)
                .body("firstIndex", equalTo(2))
                .body("valid", equalTo(1))
                .body("rejected.byReason.MISSING_VARIABLE", equalTo(1))
                .body("counts.recipients", equalTo(4))
                .body("counts.valid", equalTo(2))
                .body("counts.rejected.byReason.MISSING_VARIABLE", equalTo(1))
                .body("counts.rejected.byReason.INVALID_PARAMETER", equalTo(1));

        given().auth().oauth2(KEY).post("/v1/campaigns/" + id + "/start").then().statusCode(200).body("state", equalTo("RUNNING"));
        List<SendBatch.Recipient> sent = batches(1).stream().flatMap(b -> b.recipients().stream())
                .sorted(Comparator.comparingLong(SendBatch.Recipient::sequence)).toList();
        assertThat(sent).extracting(SendBatch.Recipient::sequence).containsExactly(0L, 2L);
        assertThat(sent.get(0).variables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("customer", "Asha", "offer", "20%", "order", "A-2001", "coupon", "KULFI20"));
        assertThat(sent.get(1).variables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("customer", "Meera", "offer", "10%", "order", "A-2003", "coupon", "RABRI10"));
        assertThat(TestDb.query("SELECT variables->>'customer' AS customer FROM broadcast.recipient WHERE campaign_id = ? AND sequence = 1",
                UUID.fromString(id)).getFirst()).containsEntry("customer", "Ravi, Jr");
    }

    @Test
    void theShortFormSendsPositionalParametersAsBefore() throws Exception {
        String body = """
                {"name": "%s", "template": {"name": "sandesh_demo", "language": "en", "category": "marketing"},
                 "recipients": [{"phone": "%s", "parameters": ["Asha"]}, {"phone": "%s", "parameters": ["Ravi", "extra"]}]}"""
                .formatted(uniqueName("short"), phone(30), phone(31));
        post(body).statusCode(201)
                .body("state", equalTo("RUNNING"))
                .body("counts.valid", equalTo(1))
                .body("counts.rejected.byReason.PARAMETER_COUNT", equalTo(1))
                .body("rejections.reason", hasItem("PARAMETER_COUNT"));

        SendBatch batch = batches(1).getFirst();
        assertThat(batch.recipients()).singleElement().satisfies(r -> {
            assertThat(r.bodyParameters()).containsExactly("Asha");
            assertThat(r.variables()).isEmpty();
        });
        JsonNode resolved = TemplateComponents.compile(batch.template().components())
                .resolve(batch.recipients().getFirst().bodyParameters(), Map.of());
        assertThat(resolved).isEqualTo(json("[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Asha\"}]}]"));
    }

    /** Every batch on the queue once the app publishes nothing more (TestBroker#drain waits for its background publishing). */
    private List<SendBatch> batches(int expected) throws Exception {
        List<GetResponse> messages = broker.drain(BATCHES);
        return messages.stream().map(m -> WireJson.decode(m.getBody(), SendBatch.class, SendBatch.VERSION)).toList();
    }
}
