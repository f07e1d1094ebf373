package dev.sandesh.simulator.webhook;

import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.send;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.api.SendRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recipients as Meta reports them (CLOUD-API-MORE §3.9, §3.11, §4.1, §4.3, §4.5), made by recipient rules. */
@QuarkusTest
class RecipientBehaviourTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void rules() {
        reset();
        WebhookReceiverAccess.clear();
        configure("{\"webhookUrl\":\"http://localhost:" + RestAssured.port + "/test-webhooks\"}");
        given().contentType(ContentType.JSON).body("""
                [{"prefix":"9197781","outcome":"read-receipts-off"},
                 {"prefix":"9197782","outcome":"blocked"},
                 {"prefix":"9197783","outcome":"failed-after-sent"},
                 {"prefix":"9197784","outcome":"country-restricted"},
                 {"prefix":"9197785","outcome":"held"},
                 {"prefix":"9197786","outcome":"replies-text"},
                 {"prefix":"9197787","outcome":"replies-button"}]""")
                .put("/_simulator/recipient-rules").then().statusCode(200);
    }

    @AfterEach
    void restore() {
        given().contentType(ContentType.JSON).body("[{\"prefix\":\"9197770\",\"outcome\":\"delivered-not-read\"},"
                + "{\"suffix\":\"0000\",\"outcome\":\"undeliverable\"}]").put("/_simulator/recipient-rules");
        given().contentType(ContentType.JSON).body("{\"releaseAfter\":null}").put("/_simulator/held");
        given().contentType(ContentType.JSON).body("{\"event\":\"APPROVED\"}")
                .post("/_simulator/templates/sandesh_demo/en/status");
        configure("{\"webhookUrl\":null}");
    }

    @Test
    void readReceiptsOffBlockedAndLateFailuresEndAsMetaReportsThem() {
        String noReceipts = wamid(sendDemo("919778100001"));
        String blocked = wamid(sendDemo("919778200001"));
        String capped = wamid(sendDemo("919778300001"));
        String restricted = wamid(sendDemo("919778400001"));
        String utility = wamid(send(SendRequests.orderUpdate("919778300002", "en")));
        awaitQuiet();
        assertThat(statusesOf(noReceipts)).containsExactly("sent", "delivered");
        assertThat(statusesOf(blocked)).containsExactly("sent");
        assertThat(statusesOf(capped)).containsExactly("sent", "failed:131049");
        assertThat(statusesOf(restricted)).containsExactly("sent", "failed:130497");
        assertThat(statusesOf(utility)).as("131049 is about marketing").containsExactly("sent", "delivered", "read");
    }

    @Test
    void marketingMessagesApiDeliveriesArePricedMarketingLite() {
        String image = "{\"type\":\"image\",\"image\":{\"id\":\"1\"}}";
        String wamid = given().header("Authorization", "Bearer " + SendRequests.TOKEN).contentType(ContentType.JSON)
                .body(dev.sandesh.simulator.api.TemplateSendsTestAccess.diwali("919778800001", image))
                .post("/v23.0/{id}/marketing_messages", SendRequests.PHONE_NUMBER_ID).then().statusCode(200)
                .extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf(wamid).size() == 3);
        assertThat(statusObjects(wamid)).filteredOn(s -> s.has("pricing"))
                .isNotEmpty().allSatisfy(s -> assertThat(s.at("/pricing/category").asText()).isEqualTo("marketing_lite"));
    }

    @Test
    void heldAnswersGetTheirStatusesOnlyWhenReleased() {
        sendDemo("919778500001").statusCode(200).body("messages[0].message_status", equalTo("held_for_quality_assessment"));
        String released = wamid(sendDemo("919778500002"));
        given().get("/_simulator/audit").then().body("held", equalTo(2));
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(statusesOf(released)).isEmpty();
        given().contentType(ContentType.JSON).body("{\"verdict\":\"release\"}")
                .post("/_simulator/templates/sandesh_demo/en/held").then().statusCode(200).body("messages", equalTo(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf(released).size() == 3);
        assertThat(statusesOf(released)).containsExactly("sent", "delivered", "read");

        String paused = wamid(sendDemo("919778500003"));
        given().contentType(ContentType.JSON).body("{\"verdict\":\"pause\"}")
                .post("/_simulator/templates/sandesh_demo/en/held").then().statusCode(200)
                .body("messages", equalTo(1)).body("paused.field", equalTo("message_template_status_update"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !statusesOf(paused).isEmpty());
        assertThat(statusesOf(paused)).containsExactly("failed:132015");
        sendDemo("919778500004").statusCode(400).body("error.code", equalTo(132015));
        given().contentType(ContentType.JSON).body("{\"event\":\"REINSTATED\"}")
                .post("/_simulator/templates/sandesh_demo/en/status").then().statusCode(200);

        given().contentType(ContentType.JSON).body("{\"releaseAfter\":\"300ms\"}").put("/_simulator/held").then()
                .body("releaseAfter", equalTo("PT0.3S"));
        String auto = wamid(sendDemo("919778500005"));
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf(auto).size() == 3);
        given().get("/_simulator/audit").then().body("held", equalTo(0));
    }

    @Test
    void repliesQuoteTheTemplateMessage() throws IOException {
        String text = wamid(sendDemo("919778600001"));
        String image = "{\"type\":\"image\",\"image\":{\"id\":\"1\"}}";
        String diwali = dev.sandesh.simulator.api.TemplateSendsTestAccess.diwali("919778700001", image)
                .replace("]},\n \"biz_opaque", ",{\"type\":\"button\",\"sub_type\":\"quick_reply\",\"index\":2,"
                        + "\"parameters\":[{\"type\":\"payload\",\"payload\":\"STOP_PROMO\"}]}]},\n \"biz_opaque");
        String button = wamid(send(diwali));
        String defaultPayload = wamid(send(dev.sandesh.simulator.api.TemplateSendsTestAccess.diwali("919778700002", image)));
        await().atMost(Duration.ofSeconds(5)).until(() -> inbound().size() >= 3);
        JsonNode textReply = inboundQuoting(text);
        assertThat(textReply.get("type").asText()).isEqualTo("text");
        assertThat(textReply.at("/text/body").asText()).isNotBlank();
        assertThat(textReply.get("from").asText()).isEqualTo("919778600001");
        JsonNode buttonReply = inboundQuoting(button);
        assertThat(buttonReply.get("type").asText()).isEqualTo("button");
        assertThat(buttonReply.at("/button/payload").asText()).isEqualTo("STOP_PROMO");
        assertThat(buttonReply.at("/button/text").asText()).isEqualTo("Stop promotions");
        assertThat(inboundQuoting(defaultPayload).at("/button/payload").asText())
                .as("Meta's default payload is the button text").isEqualTo("Stop promotions");
        assertThat(statusesOf(text)).containsExactly("sent", "delivered", "read");
    }

    @Test
    void bsuidRecipientsGetUserIdsAndNoRecipientId() throws IOException {
        String bsuid = "US.13491208655302741918";
        String body = SendRequests.sendDemoBody("919800000001").replace("\"to\":\"919800000001\"",
                "\"recipient\":\"" + bsuid + "\"");
        String wamid = send(body).statusCode(200).body("contacts[0].input", equalTo(bsuid))
                .body("contacts[0].user_id", equalTo(bsuid)).body("contacts[0].wa_id", nullValue())
                .extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf(wamid).size() == 3);
        for (JsonNode status : statusObjects(wamid)) {
            assertThat(status.get("recipient_user_id").asText()).isEqualTo(bsuid);
            assertThat(status.has("recipient_id")).isFalse();
        }
        String both = SendRequests.sendDemoBody("919778100009").replace("\"to\"", "\"recipient\":\"" + bsuid + "\",\"to\"");
        send(both).statusCode(200).body("contacts[0].wa_id", equalTo("919778100009"));
        send(body.replace(bsuid, "not-a-bsuid")).statusCode(400).body("error.code", equalTo(100));
        String otp = """
                {"messaging_product":"whatsapp","recipient":"%s","type":"template","template":{"name":"login_otp",
                 "language":{"code":"en"},"components":[{"type":"body","parameters":[{"type":"text","text":"482913"}]},
                 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"482913"}]}]}}""".formatted(bsuid);
        send(otp).statusCode(400).body("error.code", equalTo(131062));
    }

    private static String wamid(io.restassured.response.ValidatableResponse response) {
        return response.statusCode(200).extract().path("messages[0].id");
    }

    private static void awaitQuiet() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/_simulator/audit").then().body("webhooks.statusesAwaiting", equalTo(0)));
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    }

    private static List<JsonNode> statusObjects(String wamid) {
        List<JsonNode> found = new ArrayList<>();
        for (byte[] body : WebhookReceiverAccess.bodies()) {
            for (JsonNode s : read(body).at("/entry/0/changes/0/value/statuses")) {
                if (s.get("id").asText().equals(wamid)) {
                    found.add(s);
                }
            }
        }
        return found;
    }

    private static List<String> statusesOf(String wamid) {
        return statusObjects(wamid).stream().map(s -> s.get("status").asText()
                + (s.has("errors") ? ":" + s.at("/errors/0/code").asText() : "")).distinct().toList();
    }

    private static List<JsonNode> inbound() {
        List<JsonNode> found = new ArrayList<>();
        for (byte[] body : WebhookReceiverAccess.bodies()) {
            read(body).at("/entry/0/changes/0/value/messages").forEach(found::add);
        }
        return found;
    }

    private static JsonNode inboundQuoting(String wamid) {
        return inbound().stream().filter(m -> m.at("/context/id").asText().equals(wamid)).findFirst()
                .orElseThrow(() -> new AssertionError("no reply quoting " + wamid));
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
