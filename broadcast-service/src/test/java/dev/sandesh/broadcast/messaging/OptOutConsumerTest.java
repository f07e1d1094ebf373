package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class OptOutConsumerTest {

    static {
        dev.sandesh.broadcast.FakeWebhookService.get();
    }

    static final String EXCHANGE = "sandesh.optouts";
    static final String DLQ = "broadcast.optouts.dlq";

    private TestBroker broker;

    @BeforeEach
    void connect() throws Exception {
        broker = new TestBroker();
        broker.purge("broadcast.optouts");
        broker.purge(DLQ);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    private static String freshNumber() {
        return String.format("+9197%08d", System.nanoTime() % 100_000_000L);
    }

    private static long optedOut(String phone) {
        return TestDb.count("SELECT count(*) FROM broadcast.opt_out WHERE phone_e164 = ?", phone);
    }

    @Test
    void anOptedOutNumberIsRejectedFromLaterCampaignsUntilItOptsBackIn() throws Exception {
        String phone = freshNumber();
        Instant at = Instant.parse("2025-10-20T06:00:00Z");
        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, at)));
        await().atMost(Duration.ofSeconds(10)).until(() -> optedOut(phone) == 1);
        assertThat(TestDb.query("SELECT source FROM broadcast.opt_out WHERE phone_e164 = ?", phone).getFirst()).containsEntry("source", "KEYWORD");

        String national = "0" + phone.substring(3, 8) + " " + phone.substring(8);
        given().auth().oauth2("sandesh-dev-key").contentType(ContentType.JSON)
                .body(Map.of("name", "opt-out check",
                        "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"),
                        "recipients", List.of(Map.of("phone", national, "parameters", List.of("A")),
                                Map.of("phone", "+919812345670", "parameters", List.of("B")))))
                .post("/v1/campaigns")
                .then().statusCode(201)
                .body("counts.valid", equalTo(1))
                .body("counts.rejected.byReason.OPTED_OUT", equalTo(1))
                .body("rejections[0].index", equalTo(0))
                .body("rejections[0].reason", equalTo("OPTED_OUT"))
                .body("rejections[0].phone", equalTo(national));

        // An older opt-in (delivered late) changes nothing; a newer one removes the opt-out.
        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_IN, OptOut.Source.KEYWORD, at.minusSeconds(60))));
        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, at)));
        Thread.sleep(500);
        assertThat(optedOut(phone)).isEqualTo(1);
        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_IN, OptOut.Source.KEYWORD, at.plusSeconds(60))));
        await().atMost(Duration.ofSeconds(10)).until(() -> optedOut(phone) == 0);
    }

    @Test
    void aMessageThatIsNotAnOptOutOrHasNoBodyGoesToTheDeadLetterQueue() throws Exception {
        broker.publish(EXCHANGE, "OptOut", "{\"version\": 1, \"phone\": \"+919812345678\"}");
        broker.publish(EXCHANGE, "OptOut", "not json at all");
        broker.publish(EXCHANGE, "OptOut", "{\"version\": 99, \"phone\": \"+919812345678\", \"action\": \"OPT_OUT\", \"source\": \"KEYWORD\", \"at\": \"2025-10-20T06:00:00Z\"}");
        broker.publish(EXCHANGE, "OptOut", new byte[0]);

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.count(DLQ) == 4);
        assertThat(broker.count("broadcast.optouts")).isZero();
        assertThat(optedOut("+919812345678")).isZero();
    }

    @Test
    void anUnsignedOrForgedOptInOnTheRealQueueIsDeadLetteredAndTheOptOutStays() throws Exception {
        String phone = freshNumber();
        Instant at = Instant.parse("2025-10-20T06:00:00Z");
        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, at)));
        await().atMost(Duration.ofSeconds(10)).until(() -> optedOut(phone) == 1);

        byte[] optIn = WireJson.encode(new OptOut(phone, OptOut.Action.OPT_IN, OptOut.Source.KEYWORD, at.plusSeconds(60)));
        broker.publishUnsigned(EXCHANGE, "OptOut", optIn);
        java.util.Map<String, Object> forged = new java.util.HashMap<>(dev.sandesh.contracts.InternalSignature.of(
                "an-attackers-guess-at-the-secret", java.util.Optional.empty()).headers("OptOut", optIn));
        broker.publishWithHeaders(EXCHANGE, optIn, forged);

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.count(DLQ) == 2);
        assertThat(broker.count("broadcast.optouts")).isZero();
        assertThat(optedOut(phone)).isEqualTo(1);
    }

    @Test
    void theHttpAdapterAppliesTheSameEvents() {
        String phone = freshNumber();
        byte[] body = WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.USER_PREFERENCES, Instant.now()));
        given().contentType(ContentType.JSON).headers(dev.sandesh.contracts.InternalSignature.installed().headers("OptOut", body))
                .body(body)
                .post("/internal/cloudevents/optouts")
                .then().statusCode(204);
        assertThat(optedOut(phone)).isEqualTo(1);

        byte[] nope = "{\"nope\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).headers(dev.sandesh.contracts.InternalSignature.installed().headers("OptOut", nope)).body(nope)
                .post("/internal/cloudevents/optouts")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
