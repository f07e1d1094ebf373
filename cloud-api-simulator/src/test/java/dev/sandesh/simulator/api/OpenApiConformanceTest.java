package dev.sandesh.simulator.api;

import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.templateBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sandesh.simulator.webhook.WebhookReceiverAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's answers checked against Meta's own OpenAPI spec (v23.0): accepted sends against
 * the 200 response of {@code POST /{Version}/{Phone-Number-ID}/messages}, error bodies against
 * Graph's {@code GraphAPIError}, and the request bodies the tests send against {@code TemplateMessage}
 * (so the simulator is exercised with requests Meta would take). Webhook bodies are checked
 * against the shapes of CLOUD-API.md ({@code cloud-api-webhooks.schema.json}).
 */
@QuarkusTest
class OpenApiConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND_200 =
            "/paths/~1{Version}~1{Phone-Number-ID}~1messages/post/responses/200/content/application~1json/schema";

    private static JsonNode spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        String location = System.getProperty("meta.openapi.spec");
        assertThat(location).as("system property meta.openapi.spec (set by surefire in pom.xml)").isNotBlank();
        Path path = Path.of(location).normalize();
        assertThat(Files.isRegularFile(path))
                .as("Meta's OpenAPI spec not found at %s: it ships in ../shared/meta-openapi/", path).isTrue();
        spec = new YAMLMapper().readTree(path.toFile());
        assertThat(spec.at(SEND_200).isMissingNode()).as("spec has the send endpoint's 200 response").isFalse();
    }

    @Test
    void acceptedSendMatchesTheSpecsResponse() {
        reset();
        String request = MetaFidelityTest.diwali("919800009991",
                "{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.example/banner.jpg\"}}");
        assertValidRequest(parse(request), "request (diwali)");
        assertValidRequest(parse(templateBody("919800009992", "sandesh_demo", "en", 1)), "request (demo)");

        JsonNode answer = parse(SendRequests.send(request).statusCode(200).extract().asByteArray());
        assertValid(specSchema(SEND_200), answer, "200 answer");
        // The spec marks nothing required; Meta always sends these.
        assertThat(answer.get("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(answer.at("/contacts/0/wa_id").asText()).isEqualTo("919800009991");
        assertThat(answer.at("/messages/0/message_status").asText()).isEqualTo("accepted");
    }

    @Test
    void everyErrorBodyIsAGraphApiError() {
        reset();
        JsonSchema graphError = specSchema("/components/schemas/GraphAPIError");
        JsonSchema errorData = specSchema("/components/schemas/Error/properties/error_data");
        List<Response> answers = new ArrayList<>();
        String good = templateBody("919800009993", "sandesh_demo", "en", 1);
        answers.add(post("106540352242922", "wrong-token", good));                                      // 190
        answers.add(post("999", SendRequests.TOKEN, good));                                              // 100/33
        answers.add(post("106540352242922", SendRequests.TOKEN, "[]"));                                   // 100
        answers.add(post("106540352242922", SendRequests.TOKEN, "{\"messaging_product\":\"whatsapp\"}")); // 131008
        answers.add(post("106540352242922", SendRequests.TOKEN, good.replace("\"p0\"", "\"a\\tb\"")));   // 132018
        answers.add(post("106540352242922", SendRequests.TOKEN, templateBody("919800009993", "sandesh_demo", "en", 3)));
        answers.add(post("106540352242922", SendRequests.TOKEN, templateBody("919800009993", "nope", "en", 1)));
        answers.add(post("106540352242922", SendRequests.TOKEN, templateBody("919800009993", "paused_offer", "en", 1)));
        answers.add(post("106540352242922", SendRequests.TOKEN, templateBody("919800009993", "disabled_offer", "en", 1)));
        try {
            configure("{\"rate\":1,\"burst\":1}");
            post("106540352242922", SendRequests.TOKEN, templateBody("919800009994", "sandesh_demo", "en", 1));
            answers.add(post("106540352242922", SendRequests.TOKEN, good));                               // 130429
            configure("{\"rate\":1000,\"pairRate\":{\"burst\":1,\"interval\":\"1m\"}}");
            post("106540352242922", SendRequests.TOKEN, templateBody("919800009995", "sandesh_demo", "en", 1));
            answers.add(post("106540352242922", SendRequests.TOKEN,
                    templateBody("919800009995", "sandesh_demo", "en", 1)));                              // 131056
            for (String account : List.of("blocked", "locked", "token-expired")) {
                configure("{\"account\":\"" + account + "\"}");
                answers.add(post("106540352242922", SendRequests.TOKEN, good));                           // 368, 131031, 190
            }
            configure("{\"account\":\"ok\",\"faults\":{\"serverErrorShare\":1}}");
            answers.add(post("106540352242922", SendRequests.TOKEN, good));                               // 500
            configure("{\"faults\":{\"serverErrorShare\":0,\"unavailableShare\":1}}");
            answers.add(post("106540352242922", SendRequests.TOKEN, good));                               // 503
        } finally {
            configure("{\"rate\":1000,\"account\":\"ok\",\"pairRate\":{\"burst\":45,\"interval\":\"6s\"},"
                    + "\"faults\":{\"serverErrorShare\":0,\"unavailableShare\":0}}");
        }
        List<Integer> codes = new ArrayList<>();
        for (Response answer : answers) {
            JsonNode body = parse(answer.asByteArray());
            assertThat(answer.statusCode()).isIn(400, 401, 500, 503);
            assertValid(graphError, body, "error " + body);
            int code = body.at("/error/code").asInt();
            codes.add(code);
            assertThat(body.at("/error/fbtrace_id").asText()).matches("[A-Za-z0-9_-]{20,}");
            if (code != 190 && code != 100 || body.at("/error/error_subcode").isMissingNode() && code == 100) {
                // WhatsApp errors carry error_data {messaging_product, details}; plain Graph ones (190, 100/33) do not.
                assertValid(errorData, body.at("/error/error_data"), "error_data of " + code);
                assertThat(body.at("/error/error_data/messaging_product").asText()).isEqualTo("whatsapp");
            }
            assertThat(body.at("/error/message").asText()).isNotBlank();
        }
        assertThat(codes).containsExactly(190, 100, 100, 131008, 132018, 132000, 132001, 132015, 132016, 130429,
                131056, 368, 131031, 190, 131000, 131016);
    }

    @Test
    void webhookBodiesMatchCloudApiShapes() throws IOException {
        reset();
        WebhookReceiverAccess.clear();
        JsonSchema shapes;
        try (InputStream in = getClass().getResourceAsStream("/cloud-api-webhooks.schema.json")) {
            shapes = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        }
        configure("{\"webhookUrl\":\"http://localhost:" + RestAssured.port + "/test-webhooks\","
                + "\"webhook\":{\"skipDeliveredShare\":0.5}}");
        try {
            SendRequests.send(MetaFidelityTest.diwali("919800009996",
                    "{\"type\":\"image\",\"image\":{\"id\":\"1234\"}}")).statusCode(200);
            SendRequests.sendDemo("919800000000").statusCode(200);                         // undeliverable
            given().contentType(ContentType.JSON).body("[{\"prefix\":\"9198000097\",\"outcome\":\"country-restricted\"},"
                    + "{\"prefix\":\"9198000096\",\"outcome\":\"replies-button\"},"
                    + "{\"prefix\":\"9198000095\",\"outcome\":\"held\"},"
                    + "{\"suffix\":\"0000\",\"outcome\":\"undeliverable\"}]").put("/_simulator/recipient-rules")
                    .then().statusCode(200);
            SendRequests.sendDemo("919800009701").statusCode(200);                         // 130497 after sent
            SendRequests.send(MetaFidelityTest.diwali("919800009601",
                    "{\"type\":\"image\",\"image\":{\"id\":\"1\"}}")).statusCode(200);     // quick-reply reply
            JsonNode held = parse(SendRequests.sendDemo("919800009501").statusCode(200).extract().asByteArray());
            assertValid(specSchema(SEND_200), held, "held answer");
            JsonNode bsuid = parse(SendRequests.send(SendRequests.sendDemoBody("919800000001")
                    .replace("\"to\":\"919800000001\"", "\"recipient\":\"US.13491208655302741918\""))
                    .statusCode(200).extract().asByteArray());
            assertValid(specSchema(SEND_200), bsuid, "BSUID answer");
            given().contentType(ContentType.JSON).body("{\"verdict\":\"release\"}")
                    .post("/_simulator/templates/sandesh_demo/en/held").then().statusCode(200);
            SendRequests.send(SendRequests.orderUpdate("919800009997", "hi")).statusCode(200);
            for (int i = 0; i < 10; i++) {
                SendRequests.sendDemo("91980001000" + i).statusCode(200);
            }
            given().contentType(ContentType.JSON).body("{\"waId\":\"919800009998\",\"value\":\"stop\"}")
                    .post("/_simulator/user-preferences").then().statusCode(200);
            SendRequests.sendDemo("919800009998").statusCode(200);                         // 131050
            given().contentType(ContentType.JSON).body("{\"from\":\"919800009999\",\"text\":\"STOP\"}")
                    .post("/_simulator/inbound").then().statusCode(200);
            given().contentType(ContentType.JSON)
                    .body("{\"from\":\"919800009999\",\"button\":{\"payload\":\"STOP\"},\"contextId\":\"wamid.X\"}")
                    .post("/_simulator/inbound").then().statusCode(200);
            for (String[] event : new String[][] {{"status", "{\"event\":\"PAUSED\"}"}, {"status", "{\"event\":\"DISABLED\"}"},
                    {"status", "{\"event\":\"REINSTATED\"}"}, {"status", "{\"event\":\"REJECTED\",\"reason\":\"INVALID_FORMAT\"}"},
                    {"status", "{\"event\":\"APPROVED\"}"}, {"category", "{\"newCategory\":\"UTILITY\"}"},
                    {"category", "{\"correctCategory\":\"MARKETING\"}"}, {"category", "{\"newCategory\":\"MARKETING\"}"},
                    {"quality", "{\"newQualityScore\":\"RED\"}"}, {"quality", "{\"newQualityScore\":\"UNKNOWN\"}"},
                    {"components", "{\"components\":[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Hi\"},"
                            + "{\"type\":\"BODY\",\"text\":\"Hello {{1}}, this is a message from Sandesh.\"},"
                            + "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Go\",\"url\":\"https://x.example\"}]}]}"},
                    {"components", "{\"components\":[{\"type\":\"BODY\",\"text\":\"Hello {{1}}, this is a message from Sandesh.\"}]}"}}) {
                given().contentType(ContentType.JSON).body(event[1])
                        .post("/_simulator/templates/sandesh_demo/en/" + event[0]).then().statusCode(200);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().get("/_simulator/audit").then().body("webhooks.statusesAwaiting",
                            org.hamcrest.Matchers.equalTo(0)));
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        } finally {
            given().contentType(ContentType.JSON).body("[{\"prefix\":\"9197770\",\"outcome\":\"delivered-not-read\"},"
                    + "{\"suffix\":\"0000\",\"outcome\":\"undeliverable\"}]").put("/_simulator/recipient-rules");
            given().contentType(ContentType.JSON).body("{\"waId\":\"919800009998\",\"value\":\"resume\"}")
                    .post("/_simulator/user-preferences");
            configure("{\"webhookUrl\":null,\"webhook\":{\"skipDeliveredShare\":0}}");
        }
        List<byte[]> bodies = WebhookReceiverAccess.bodies();
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(4);
        Set<String> seen = new java.util.TreeSet<>();
        for (byte[] body : bodies) {
            JsonNode node = parse(body);
            assertValid(shapes, node, "webhook " + node);
            JsonNode value = node.at("/entry/0/changes/0/value");
            value.path("statuses").forEach(s -> seen.add(s.get("status").asText()
                    + (s.has("errors") ? ":" + s.at("/errors/0/code").asText() : "")
                    + (s.has("recipient_user_id") ? ":bsuid" : "")));
            value.path("messages").forEach(m -> seen.add("inbound:" + m.get("type").asText()));
            value.path("user_preferences").forEach(p -> seen.add("preference:" + p.get("value").asText()));
            String field = node.at("/entry/0/changes/0/field").asText();
            if (field.contains("template")) {
                seen.add(field + (value.has("event") ? ":" + value.get("event").asText() : ""));
            }
        }
        assertThat(seen).contains("sent", "delivered", "read", "failed:131026", "failed:131050", "failed:130497",
                "read:bsuid", "inbound:text",
                "inbound:button", "preference:stop", "message_template_status_update:PAUSED",
                "message_template_status_update:DISABLED", "message_template_status_update:REINSTATED",
                "message_template_status_update:REJECTED", "template_category_update",
                "message_template_quality_update", "message_template_components_update");
    }

    @Test
    void templateListMatchesTheSpecsResponse() {
        JsonSchema list = specSchema("/paths/~1{Version}~1{WABA-ID}~1message_templates/get/responses/200/content/application~1json/schema");
        String next = "/v23.0/102290129340398/message_templates?limit=4";
        int pages = 0;
        while (next != null) {
            JsonNode page = parse(given().header("Authorization", "Bearer " + SendRequests.TOKEN).get(next).then()
                    .statusCode(200).extract().asByteArray());
            assertValid(list, page, "message_templates page " + pages);
            next = page.at("/paging/next").isMissingNode() ? null : page.at("/paging/next").asText();
            pages++;
        }
        assertThat(pages).as("18 templates by 4").isEqualTo(5);
    }

    @Test
    void marketingMessagesMatchTheSpec() {
        reset();
        // The MM payload has additionalProperties: false, so no biz_opaque_callback_data here (spec defect
        // per CLOUD-API-MORE §0: pywa sends it, and Meta takes it; the simulator does too).
        String request = MetaFidelityTest.diwali("919800009981", "{\"type\":\"image\",\"image\":{\"id\":\"1\"}}")
                .replace("\"biz_opaque_callback_data\":\"campaign-7\"", "\"product_policy\":\"CLOUD_API_FALLBACK\"");
        assertValidRequest(parse(request), "MM request", "/components/schemas/MarketingMessageRequestPayload");
        JsonNode answer = parse(TemplateSendsTest.marketing(request).statusCode(200).extract().asByteArray());
        assertValid(specSchema("/components/schemas/MarketingMessageResponsePayload"), answer, "MM 200 answer");
        JsonNode refused = parse(TemplateSendsTest.marketing(SendRequests.orderUpdate("919800009982", "en"))
                .statusCode(400).extract().asByteArray());
        assertValid(specSchema("/components/schemas/GraphAPIError"), refused, "134100");
        for (Map.Entry<String, String> kind : TemplateSendsTest.EVERY_KIND.entrySet()) {
            String[] nameLanguage = kind.getKey().split("/");
            assertValidRequest(parse(TemplateSendsTest.body("919800009983", nameLanguage[0], nameLanguage[1],
                    kind.getValue())), "request (" + kind.getKey() + ")");
        }
    }

    private static Response post(String phoneNumberId, String token, String body) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .post("/v23.0/{id}/messages", phoneNumberId);
    }

    /** A schema for the node at {@code pointer} of the spec, its $refs resolved within the spec. */
    static JsonSchema specSchema(String pointer) {
        JsonNode target = spec.at(pointer);
        assertThat(target.isMissingNode()).as("spec has %s", pointer).isFalse();
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", spec.get("components"));
        root.putArray("allOf").add(target);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    /**
     * Requests against the spec's TemplateMessage ({@code schemaPointer} for the MM API's payload),
     * minus the v23.0 spec's known defects (CLOUD-API-MORE §0):
     * <ul>
     *   <li>it marks {@code language.policy} required: Meta's own examples omit it (§1.9);</li>
     *   <li>button {@code index} has the meaningless pattern {@code ^[2-6, 11-14]$} and is typed string,
     *       while the spec's own examples send the number {@code 0} (spec L12671, L12812; §1.3);</li>
     *   <li>{@code sub_type} is enumerated as quick_reply/url/catalog only; Meta also takes copy_code,
     *       flow, mpm, voice_call and upper-case spellings (§0, §1.3);</li>
     *   <li>component {@code type} is enumerated as header/body/button only; carousel and
     *       limited_time_offer components are Meta's too (§1.1, §1.5, §1.6; pywa:types/templates.py L662-687).
     *       Only that exact enumeration message is dropped, and only for a component of one of those two types.</li>
     * </ul>
     */
    static void assertValidRequest(JsonNode request, String what) {
        assertValidRequest(request, what, "/components/schemas/TemplateMessage");
    }

    static void assertValidRequest(JsonNode request, String what, String schemaPointer) {
        Set<ValidationMessage> errors = new java.util.HashSet<>(specSchema(schemaPointer).validate(request));
        errors.removeIf(e -> e.getMessage().contains("required property 'policy' not found")
                || e.getMessage().contains(".index: does not match the regex pattern ^[2-6, 11-14]$")
                || e.getMessage().matches(".*\\.index: integer found, string expected.*")
                || e.getMessage().matches(".*\\.sub_type: does not have a value in the enumeration.*")
                || newerComponentType(request, e.getMessage()));
        assertThat(errors).as("%s violates the spec's %s", what, schemaPointer).isEmpty();
    }

    private static boolean newerComponentType(JsonNode request, String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\$\\.template\\.components\\[(\\d+)]\\.type: does not have a value in the enumeration.*")
                .matcher(message);
        if (!m.matches()) {
            return false;
        }
        String type = request.at("/template/components/" + m.group(1) + "/type").asText();
        return type.equals("carousel") || type.equals("limited_time_offer");
    }

    static void assertValid(JsonSchema schema, JsonNode instance, String what) {
        Set<ValidationMessage> errors = schema.validate(instance);
        assertThat(errors).as("%s violates the schema", what).isEmpty();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
