package dev.sandesh.simulator.webhook;

import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Template changes made on demand: the registry changes and Meta's notification arrives, signed (CLOUD-API-MORE §3.1–§3.4). */
@QuarkusTest
class TemplateWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void pointWebhooksHere() {
        WebhookReceiverAccess.clear();
        configure("{\"webhookUrl\":\"http://localhost:" + RestAssured.port + "/test-webhooks\"}");
    }

    @AfterEach
    void restore() {
        event("sandesh_demo", "en", "status", "{\"event\":\"APPROVED\"}");
        configure("{\"webhookUrl\":null}");
    }

    @Test
    void pausedTemplateFailsWith132015UntilReinstatedAndEachChangeIsNotified() throws IOException {
        event("sandesh_demo", "en", "status", "{\"event\":\"PAUSED\"}")
                .body("field", equalTo("message_template_status_update"))
                .body("template.status", equalTo("PAUSED"));
        sendDemo("919811100001").statusCode(400).body("error.code", equalTo(132015));
        JsonNode paused = received("message_template_status_update", "PAUSED");
        assertThat(paused.at("/object").asText()).isEqualTo("whatsapp_business_account");
        assertThat(paused.at("/entry/0/id").asText()).isEqualTo("102290129340398");
        assertThat(paused.at("/entry/0/time").isIntegralNumber()).isTrue();
        JsonNode value = paused.at("/entry/0/changes/0/value");
        assertThat(value.get("message_template_id").isIntegralNumber()).as("an integer in webhooks").isTrue();
        assertThat(value.get("message_template_id").asText()).isEqualTo("1029384756000001");
        assertThat(value.get("message_template_name").asText()).isEqualTo("sandesh_demo");
        assertThat(value.get("message_template_language").asText()).isEqualTo("en");
        assertThat(value.get("reason").asText()).isEqualTo("NONE");
        assertThat(value.get("message_template_category").asText()).isEqualTo("MARKETING");
        assertThat(value.at("/other_info/title").asText()).isEqualTo("FIRST_PAUSE");

        event("sandesh_demo", "en", "status", "{\"event\":\"DISABLED\"}");
        sendDemo("919811100002").statusCode(400).body("error.code", equalTo(132016));
        assertThat(received("message_template_status_update", "DISABLED").at("/entry/0/changes/0/value/disable_info/disable_date")
                .isIntegralNumber()).isTrue();

        event("sandesh_demo", "en", "status", "{\"event\":\"REINSTATED\"}").body("template.status", equalTo("APPROVED"));
        sendDemo("919811100003").statusCode(200);
        received("message_template_status_update", "REINSTATED");
    }

    @Test
    void flaggedTemplateStaysSendableAndRejectionCarriesItsInfo() throws IOException {
        event("sandesh_demo", "en", "status", "{\"event\":\"FLAGGED\"}").body("template.status", equalTo("APPROVED"));
        sendDemo("919811100004").statusCode(200);
        event("sandesh_demo", "en", "status", "{\"event\":\"REJECTED\",\"reason\":\"INVALID_FORMAT\"}");
        sendDemo("919811100005").statusCode(400).body("error.code", equalTo(132001));
        assertThat(received("message_template_status_update", "REJECTED")
                .at("/entry/0/changes/0/value/rejection_info/recommendation").asText()).isNotBlank();
        event("sandesh_demo", "en", "status", "{\"event\":\"NOT_AN_EVENT\"}", 400);
    }

    @Test
    void categoryQualityAndComponentsUpdatesChangeTheRegistry() throws IOException {
        try {
            event("order_update", "en", "category", "{\"correctCategory\":\"MARKETING\",\"categoryUpdateTimestamp\":1798761599}")
                    .body("template.category", equalTo("UTILITY"));
            JsonNode impending = received("template_category_update", null).at("/entry/0/changes/0/value");
            assertThat(impending.get("new_category").asText()).isEqualTo("UTILITY");
            assertThat(impending.get("correct_category").asText()).isEqualTo("MARKETING");
            assertThat(impending.get("category_update_timestamp").asLong()).isEqualTo(1798761599L);
            WebhookReceiverAccess.clear();
            event("order_update", "en", "category", "{\"newCategory\":\"MARKETING\"}")
                    .body("template.category", equalTo("MARKETING"));
            JsonNode done = received("template_category_update", null).at("/entry/0/changes/0/value");
            assertThat(done.get("previous_category").asText()).isEqualTo("UTILITY");
            assertThat(done.get("new_category").asText()).isEqualTo("MARKETING");
            given().get("/v23.0/102290129340398/message_templates?name=order_update&language=en&access_token=sim-access-token")
                    .then().body("data[0].category", equalTo("MARKETING"));
        } finally {
            event("order_update", "en", "category", "{\"newCategory\":\"UTILITY\"}");
        }
        event("diwali_offer", "en", "quality", "{\"newQualityScore\":\"YELLOW\"}")
                .body("template.quality_score.score", equalTo("YELLOW"));
        JsonNode quality = received("message_template_quality_update", null).at("/entry/0/changes/0/value");
        assertThat(quality.get("previous_quality_score").asText()).isEqualTo("GREEN");
        assertThat(quality.get("new_quality_score").asText()).isEqualTo("YELLOW");
        event("diwali_offer", "en", "quality", "{\"newQualityScore\":\"GREEN\"}");

        String twoVariables = """
                {"components":[{"type":"BODY","text":"Hello {{1}} and {{2}}.","example":{"body_text":[["A","B"]]}},
                  {"type":"FOOTER","text":"Sandesh"},
                  {"type":"BUTTONS","buttons":[{"type":"PHONE_NUMBER","text":"Call","phone_number":"+919812300000"}]}]}""";
        event("sandesh_demo", "en", "components", twoVariables);
        JsonNode components = received("message_template_components_update", null).at("/entry/0/changes/0/value");
        assertThat(components.get("message_template_element").asText()).isEqualTo("Hello {{1}} and {{2}}.");
        assertThat(components.get("message_template_footer").asText()).isEqualTo("Sandesh");
        assertThat(components.at("/message_template_buttons/0/message_template_button_type").asText()).isEqualTo("PHONE_NUMBER");
        try {
            sendDemo("919811100006").statusCode(400).body("error.code", equalTo(132000));
        } finally {
            event("sandesh_demo", "en", "components", """
                    {"components":[{"type":"BODY","text":"Hello {{1}}, this is a message from Sandesh.","example":{"body_text":[["Asha"]]}}]}""");
        }
        sendDemo("919811100007").statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse event(String name, String language, String kind,
                                                                      String body) {
        return event(name, language, kind, body, 200);
    }

    private static io.restassured.response.ValidatableResponse event(String name, String language, String kind,
                                                                      String body, int status) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/_simulator/templates/{name}/{language}/{kind}", name, language, kind).then().statusCode(status);
    }

    /** The received notification of that field (and event), after checking its signature. */
    private static JsonNode received(String field, String event) throws IOException {
        await().atMost(Duration.ofSeconds(5)).until(() -> find(field, event) != null);
        WebhookReceiver.Received r = find(field, event);
        assertThat(r.signature()).isEqualTo(expectedSignature(r.body()));
        return JSON.readTree(r.body());
    }

    private static WebhookReceiver.Received find(String field, String event) {
        for (WebhookReceiver.Received r : WebhookReceiver.RECEIVED) {
            try {
                JsonNode change = JSON.readTree(r.body()).at("/entry/0/changes/0");
                if (change.path("field").asText().equals(field)
                        && (event == null || change.at("/value/event").asText().equals(event))) {
                    return r;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    /** Computed here, independently of the simulator's WebhookSignature. */
    private static String expectedSignature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("sim-app-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
