package dev.sandesh.simulator.webhook;

import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatusWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void pointWebhooksAtTheTestReceiver() {
        reset();
        WebhookReceiver.RECEIVED.clear();
        WebhookReceiver.FAIL_NEXT.set(0);
        WebhookReceiver.REFUSED.set(0);
        configure("{\"webhookUrl\":\"http://localhost:" + RestAssured.port + "/test-webhooks\"}");
    }

    @AfterEach
    void switchWebhooksOff() {
        configure("{\"webhookUrl\":null}");
    }

    @Test
    void acceptedMessageGetsSignedSentDeliveredReadWithPricingOnlyOnSentAndDelivered() {
        String wamid = sendDemo("919811111111").statusCode(200).extract().path("messages[0].id");

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= 3);
        // Generated in order, but separate POSTs may arrive in any order (as with Meta).
        List<JsonNode> statuses = statusesOf(wamid);
        assertThat(statuses).extracting(s -> s.get("status").asText())
                .containsExactlyInAnyOrder("sent", "delivered", "read");
        for (JsonNode status : statuses) {
            assertThat(status.get("recipient_id").asText()).isEqualTo("919811111111");
            assertThat(status.get("timestamp").asText()).matches("\\d{10}");
        }
        JsonNode sentPricing = withStatus(statuses, "sent").get("pricing");
        assertThat(sentPricing.get("billable").asBoolean()).isTrue();
        assertThat(sentPricing.get("pricing_model").asText()).isEqualTo("PMP");
        assertThat(sentPricing.get("type").asText()).isEqualTo("regular");
        assertThat(sentPricing.get("category").asText()).isEqualTo("marketing");
        assertThat(withStatus(statuses, "delivered").get("pricing").get("category").asText()).isEqualTo("marketing");
        assertThat(withStatus(statuses, "read").has("pricing")).as("read carries no pricing").isFalse();

        for (WebhookReceiver.Received received : WebhookReceiver.RECEIVED) {
            assertThat(received.signature()).isEqualTo(expectedSignature(received.body()));
            JsonNode root = parse(received.body());
            assertThat(root.get("object").asText()).isEqualTo("whatsapp_business_account");
            JsonNode entry = root.get("entry").get(0);
            assertThat(entry.get("id").asText()).isEqualTo("102290129340398");
            JsonNode change = entry.get("changes").get(0);
            assertThat(change.get("field").asText()).isEqualTo("messages");
            assertThat(change.get("value").get("messaging_product").asText()).isEqualTo("whatsapp");
            assertThat(change.get("value").get("metadata").get("phone_number_id").asText())
                    .isEqualTo("106540352242922");
            assertThat(change.get("value").get("metadata").get("display_phone_number").asText())
                    .isEqualTo("15550783881");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/_simulator/audit").then()
                        .body("webhooks.statusesDelivered", org.hamcrest.Matchers.equalTo(3))
                        .body("webhooks.statusesDeliveredByStatus.read", org.hamcrest.Matchers.equalTo(1))
                        .body("webhooks.statusesAwaiting", org.hamcrest.Matchers.equalTo(0)));
    }

    @Test
    void statusesOfManyMessagesAreCoalescedIntoFewPosts() {
        List<String> wamids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            wamids.add(sendDemo("9198222222" + String.format("%02d", i)).statusCode(200).extract().path("messages[0].id"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> allStatuses().size() >= 90);
        assertThat(allStatuses()).hasSize(90);
        assertThat(WebhookReceiver.RECEIVED.size()).as("POSTs for 90 statuses").isLessThan(90);
        for (String wamid : wamids) {
            assertThat(statusesOf(wamid)).extracting(s -> s.get("status").asText())
                    .containsExactlyInAnyOrder("sent", "delivered", "read");
        }
    }

    @Test
    void undeliverableRecipientGetsSentThenFailed131026() {
        String wamid = sendDemo("919833330000").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= 2);
        // Give a read (which must not come) time to arrive.
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        List<JsonNode> statuses = statusesOf(wamid);
        assertThat(statuses).extracting(s -> s.get("status").asText()).containsExactlyInAnyOrder("sent", "failed");
        assertThat(withStatus(statuses, "sent").has("pricing")).isTrue();
        JsonNode failed = withStatus(statuses, "failed");
        assertThat(failed.has("pricing")).isFalse();
        assertThat(failed.get("errors").get(0).get("code").asInt()).isEqualTo(131026);
        assertThat(failed.get("errors").get(0).get("title").asText()).isEqualTo("Message undeliverable");
    }

    @Test
    void non200AnswerIsRetriedWithTheSameSignedBytes() {
        WebhookReceiver.FAIL_NEXT.set(2);
        String wamid = sendDemo("919844444444").statusCode(200).extract().path("messages[0].id");

        await().atMost(Duration.ofSeconds(15)).until(() -> statusesOf(wamid).size() >= 3);
        assertThat(WebhookReceiver.REFUSED.get()).isEqualTo(2);
        assertThat(statusesOf(wamid)).extracting(s -> s.get("status").asText())
                .containsExactlyInAnyOrder("sent", "delivered", "read");
        for (WebhookReceiver.Received received : WebhookReceiver.RECEIVED) {
            assertThat(received.signature()).isEqualTo(expectedSignature(received.body()));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode audit = parse(given().get("/_simulator/audit").asByteArray()).get("webhooks");
            assertThat(audit.get("postsFailed").asLong()).isEqualTo(2);
            assertThat(audit.get("postsAttempted").asLong())
                    .isEqualTo(audit.get("postsDelivered").asLong() + audit.get("postsFailed").asLong());
            assertThat(audit.get("statusesDelivered").asLong()).isEqualTo(3);
            assertThat(audit.get("postsAbandoned").asLong()).isZero();
        });
    }

    @Test
    void unreachableReceiverIsAbandonedAfterMaxAttempts() {
        configure("{\"webhookUrl\":\"http://127.0.0.1:1/nobody-listens\"}");
        sendDemo("919855555555").statusCode(200);
        // %test: 5 attempts, backoff 50 ms doubling: 50+100+200+400 ms between them.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode audit = parse(given().get("/_simulator/audit").asByteArray()).get("webhooks");
            assertThat(audit.get("statusesAbandoned").asLong()).isEqualTo(3);
            assertThat(audit.get("postsFailed").asLong()).isEqualTo(5L * audit.get("postsAbandoned").asLong());
            assertThat(audit.get("postsDelivered").asLong()).isZero();
        });
    }

    private static List<JsonNode> allStatuses() {
        List<JsonNode> statuses = new ArrayList<>();
        for (WebhookReceiver.Received received : WebhookReceiver.RECEIVED) {
            parse(received.body()).get("entry").forEach(entry -> entry.get("changes").forEach(change ->
                    change.get("value").path("statuses").forEach(statuses::add)));
        }
        return statuses;
    }

    private static JsonNode withStatus(List<JsonNode> statuses, String status) {
        return statuses.stream().filter(s -> status.equals(s.get("status").asText())).findFirst().orElseThrow();
    }

    private static List<JsonNode> statusesOf(String wamid) {
        return allStatuses().stream().filter(s -> wamid.equals(s.get("id").asText())).toList();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
