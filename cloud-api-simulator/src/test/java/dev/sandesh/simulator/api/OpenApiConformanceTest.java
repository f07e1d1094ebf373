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
        answers.add(post("106540352242922", SendRequests.TOKEN, good.replace("\"p0\"", "\"a\\tb\"")));   // 131009
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
        assertThat(codes).containsExactly(190, 100, 100, 131008, 131009, 132000, 132001, 132015, 132016, 130429,
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
            SendRequests.send(templateBody("919800009997", "order_update", "hi", 2)).statusCode(200);
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
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().get("/_simulator/audit").then().body("webhooks.statusesAwaiting",
                            org.hamcrest.Matchers.equalTo(0)));
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        } finally {
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
                    + (s.has("errors") ? ":" + s.at("/errors/0/code").asText() : "")));
            value.path("messages").forEach(m -> seen.add("inbound:" + m.get("type").asText()));
            value.path("user_preferences").forEach(p -> seen.add("preference:" + p.get("value").asText()));
        }
        assertThat(seen).contains("sent", "delivered", "read", "failed:131026", "failed:131050", "inbound:text",
                "inbound:button", "preference:stop");
    }

    private static Response post(String phoneNumberId, String token, String body) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .post("/v23.0/{id}/messages", phoneNumberId);
    }

    /** A schema for the node at {@code pointer} of the spec, its $refs resolved within the spec. */
    private static JsonSchema specSchema(String pointer) {
        JsonNode target = spec.at(pointer);
        assertThat(target.isMissingNode()).as("spec has %s", pointer).isFalse();
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", spec.get("components"));
        root.putArray("allOf").add(target);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    /**
     * Requests against the spec's TemplateMessage, minus two defects of the v23.0 spec: it marks
     * {@code language.policy} required (Meta's own examples and CLOUD-API.md omit it; Meta defaults
     * it to deterministic) and gives button {@code index} the malformed pattern {@code ^[2-6, 11-14]$}.
     */
    private static void assertValidRequest(JsonNode request, String what) {
        Set<ValidationMessage> errors = new java.util.HashSet<>(
                specSchema("/components/schemas/TemplateMessage").validate(request));
        errors.removeIf(e -> e.getMessage().contains("required property 'policy' not found")
                || e.getMessage().contains(".index: does not match the regex pattern ^[2-6, 11-14]$"));
        assertThat(errors).as("%s violates the spec's TemplateMessage", what).isEmpty();
    }

    private static void assertValid(JsonSchema schema, JsonNode instance, String what) {
        Set<ValidationMessage> errors = schema.validate(instance);
        assertThat(errors).as("%s violates the schema", what).isEmpty();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
