package dev.sandesh.simulator.webhook;

import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.send;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static dev.sandesh.simulator.api.SendRequests.templateBody;
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
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recipient behaviours, webhook quirks, the attempt log, inbound messages and opt-outs. */
@QuarkusTest
class WebhookFidelityTest {

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
    void restore() {
        configure("""
                {"webhookUrl":null,
                 "webhook":{"sentDelay":"50ms","deliveredDelay":"150ms","readDelay":"300ms","reorderGap":"50ms",
                            "duplicateShare":0,"reorderShare":0,"skipDeliveredShare":0},
                 "recipientRules":[{"prefix":"9197770","outcome":"delivered-not-read"},
                                   {"suffix":"0000","outcome":"undeliverable"}]}""");
    }

    @Test
    void recipientRulesDecideOutcomesAndMarketingOnlyOnesSpareUtility() {
        given().contentType(ContentType.JSON).body("""
                [{"prefix":"9197771","outcome":"stopped-marketing"},
                 {"country":"55","suffix":"9","outcome":"marketing-cap"},
                 {"regex":"9197773\\\\d+","outcome":"read","readDelay":"1s"}]""")
                .put("/_simulator/recipient-rules").then().statusCode(200)
                .body("[0].outcome", equalTo("stopped-marketing"))
                .body("[1].country", equalTo("55"));
        String stopped = sendDemo("919777100001").statusCode(200).extract().path("messages[0].id");
        String capped = sendDemo("5511999990009").statusCode(200).extract().path("messages[0].id");
        String utility = send(dev.sandesh.simulator.api.SendRequests.orderUpdate("919777100002", "en")).statusCode(200)
                .extract().path("messages[0].id");
        long acceptedAt = System.nanoTime();
        String slowReader = sendDemo("919777300001").statusCode(200).extract().path("messages[0].id");

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(slowReader).size() >= 3);
        long readAfterMillis = (System.nanoTime() - acceptedAt) / 1_000_000;
        assertThat(readAfterMillis).as("read delay of the rule").isGreaterThanOrEqualTo(950);

        assertThat(statusesOf(stopped)).extracting(s -> s.get("status").asText()).containsExactly("failed");
        JsonNode stoppedFailed = statusesOf(stopped).get(0);
        assertThat(stoppedFailed.get("errors").get(0).get("code").asInt()).isEqualTo(131050);
        assertThat(stoppedFailed.has("pricing")).isFalse();
        assertThat(statusesOf(capped)).extracting(s -> s.get("status").asText()).containsExactly("failed");
        assertThat(statusesOf(capped).get(0).get("errors").get(0).get("code").asInt()).isEqualTo(131049);
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf(utility).size() >= 3);
        assertThat(statusesOf(utility)).extracting(s -> s.get("status").asText())
                .containsExactlyInAnyOrder("sent", "delivered", "read");
        given().get("/_simulator/audit").then()
                .body("outcomes.stopped-marketing", equalTo(1))
                .body("outcomes.marketing-cap", equalTo(1))
                .body("outcomes.read", equalTo(2));
    }

    @Test
    void deliveredNeverReadRecipientGetsNoRead() {
        // %test configures recipient-rules[0]: prefix 9197770 → delivered-not-read.
        String wamid = sendDemo("919777000001").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= 2);
        await().pollDelay(Duration.ofMillis(600)).until(() -> true);
        assertThat(statusesOf(wamid)).extracting(s -> s.get("status").asText())
                .containsExactlyInAnyOrder("sent", "delivered");
    }

    @Test
    void skippedDeliveredPutsPricingOnRead() {
        configure("{\"webhook\":{\"skipDeliveredShare\":1}}");
        String wamid = sendDemo("919811100001").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= 2);
        await().pollDelay(Duration.ofMillis(400)).until(() -> true);
        List<JsonNode> statuses = statusesOf(wamid);
        assertThat(statuses).extracting(s -> s.get("status").asText()).containsExactlyInAnyOrder("sent", "read");
        assertThat(statuses).allMatch(s -> s.has("pricing"), "pricing on sent and on read");
    }

    @Test
    void reorderedSentArrivesAfterDelivered() {
        configure("{\"webhook\":{\"reorderShare\":1,\"reorderGap\":\"60ms\"}}");
        String wamid = sendDemo("919811100002").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= 3);
        List<String> arrival = statusesOf(wamid).stream().map(s -> s.get("status").asText()).toList();
        assertThat(arrival).containsExactlyInAnyOrder("sent", "delivered", "read");
        assertThat(arrival.indexOf("delivered")).as("delivered arrives before sent: %s", arrival)
                .isLessThan(arrival.indexOf("sent"));
    }

    @Test
    void duplicatedPostsDeliverEveryStatusTwice() {
        configure("{\"webhook\":{\"duplicateShare\":1}}");
        String wamid = sendDemo("919811100003").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() >= 6);
        assertThat(statusesOf(wamid)).extracting(s -> s.get("status").asText())
                .containsExactlyInAnyOrder("sent", "sent", "delivered", "delivered", "read", "read");
        given().get("/_simulator/audit").then().body("webhooks.duplicatePosts", equalTo(3));
    }

    @Test
    void attemptLogShowsRetriesWithBackoff() {
        WebhookReceiver.FAIL_NEXT.set(2);
        String wamid = sendDemo("919811100004").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(15)).until(() -> statusesOf(wamid).size() >= 3);
        JsonNode attempts = parse(given().get("/_simulator/webhooks/attempts?limit=50").asByteArray());
        List<JsonNode> refused = new ArrayList<>();
        attempts.forEach(a -> {
            if (a.get("result").asText().equals("HTTP 500")) {
                refused.add(a);
            }
        });
        assertThat(refused).hasSize(2);
        // %test: initial backoff 50 ms, doubling.
        assertThat(refused).extracting(a -> a.get("retryInMillis").asLong()).containsExactly(50L, 100L);
        long postId = refused.get(1).get("postId").asLong();
        JsonNode retried = null;
        for (JsonNode a : attempts) {
            if (a.get("postId").asLong() == postId && a.get("result").asText().equals("200")) {
                retried = a;
            }
        }
        assertThat(retried).as("the refused POST was retried and delivered").isNotNull();
        assertThat(retried.get("attempt").asInt()).isGreaterThan(1);
        assertThat(retried.get("kind").asText()).isEqualTo("statuses");
    }

    @Test
    void inboundTextAndQuickReplyArriveLikeMetasNotifications() {
        given().contentType(ContentType.JSON).body("{\"from\":\"+919812345678\",\"text\":\"STOP\",\"name\":\"Asha\"}")
                .post("/_simulator/inbound").then().statusCode(200).body("field", equalTo("messages"));
        given().contentType(ContentType.JSON).body("""
                {"from":"919812345679","button":{"payload":"STOP_PROMOTIONS","text":"Stop promotions"},
                 "contextId":"wamid.HBgMoriginal"}""")
                .post("/_simulator/inbound").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> WebhookReceiver.RECEIVED.size() >= 2);
        List<JsonNode> values = values("messages");
        JsonNode text = values.stream().filter(v -> v.at("/messages/0/type").asText().equals("text")).findFirst()
                .orElseThrow();
        assertThat(text.at("/contacts/0/wa_id").asText()).isEqualTo("919812345678");
        assertThat(text.at("/contacts/0/profile/name").asText()).isEqualTo("Asha");
        assertThat(text.at("/messages/0/from").asText()).isEqualTo("919812345678");
        assertThat(text.at("/messages/0/text/body").asText()).isEqualTo("STOP");
        assertThat(text.at("/messages/0/id").asText()).startsWith("wamid.");
        assertThat(text.at("/messages/0/timestamp").asText()).matches("\\d{10}");
        JsonNode button = values.stream().filter(v -> v.at("/messages/0/type").asText().equals("button"))
                .findFirst().orElseThrow();
        assertThat(button.at("/messages/0/button/payload").asText()).isEqualTo("STOP_PROMOTIONS");
        assertThat(button.at("/messages/0/button/text").asText()).isEqualTo("Stop promotions");
        assertThat(button.at("/messages/0/context/id").asText()).isEqualTo("wamid.HBgMoriginal");
    }

    @Test
    void marketingOptOutIsNotifiedAndLaterMarketingFails131050() {
        given().contentType(ContentType.JSON).body("{\"waId\":\"919812340077\",\"value\":\"stop\"}")
                .post("/_simulator/user-preferences").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !values("user_preferences").isEmpty());
        JsonNode value = values("user_preferences").get(0);
        JsonNode preference = value.at("/user_preferences/0");
        assertThat(preference.get("wa_id").asText()).isEqualTo("919812340077");
        assertThat(preference.get("category").asText()).isEqualTo("marketing_messages");
        assertThat(preference.get("value").asText()).isEqualTo("stop");
        assertThat(preference.get("detail").asText()).isNotBlank();
        assertThat(preference.get("timestamp").asLong()).isPositive();

        String wamid = sendDemo("919812340077").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(5)).until(() -> !statusesOf(wamid).isEmpty());
        assertThat(statusesOf(wamid).get(0).at("/errors/0/code").asInt()).isEqualTo(131050);

        given().contentType(ContentType.JSON).body("{\"waId\":\"919812340077\",\"value\":\"resume\"}")
                .post("/_simulator/user-preferences").then().statusCode(200);
        String after = sendDemo("919812340077").statusCode(200).extract().path("messages[0].id");
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf(after).size() >= 3);
    }

    @Test
    void badInboundRequestsAreProblems() {
        given().contentType(ContentType.JSON).body("{\"from\":\"abc\",\"text\":\"hi\"}").post("/_simulator/inbound")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"waId\":\"919812345678\",\"value\":\"maybe\"}")
                .post("/_simulator/user-preferences").then().statusCode(400);
    }

    static List<JsonNode> values(String field) {
        List<JsonNode> values = new ArrayList<>();
        for (WebhookReceiver.Received received : WebhookReceiver.RECEIVED) {
            parse(received.body()).get("entry").forEach(entry -> entry.get("changes").forEach(change -> {
                if (change.get("field").asText().equals(field)) {
                    values.add(change.get("value"));
                }
            }));
        }
        return values;
    }

    static List<JsonNode> statusesOf(String wamid) {
        List<JsonNode> statuses = new ArrayList<>();
        for (JsonNode value : values("messages")) {
            value.path("statuses").forEach(s -> {
                if (wamid.equals(s.get("id").asText())) {
                    statuses.add(s);
                }
            });
        }
        return statuses;
    }

    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
