package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The CloudEvents adapter of opt-outs answers by the convention every adapter follows (docs/CONVENTIONS.md). */
@QuarkusTest
class OptOutEventResourceTest {

    static {
        dev.sandesh.broadcast.FakeWebhookService.get();
    }

    private static final String PATH = "/internal/cloudevents/optouts";

    private static String freshNumber() {
        return String.format("+9196%08d", System.nanoTime() % 100_000_000L);
    }

    private static long optedOut(String phone) {
        return TestDb.count("SELECT count(*) FROM broadcast.opt_out WHERE phone_e164 = ?", phone);
    }

    @Test
    void aStructuredModeOptOutIsAppliedAndAnswered204() {
        String phone = freshNumber();
        String optOut = new String(WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now())),
                StandardCharsets.UTF_8);

        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"s1","source":"/rabbitmq","type":"dev.knative.rabbitmq.event","data":%s}""".formatted(optOut))
                .post(PATH)
                .then().statusCode(204);

        assertThat(optedOut(phone)).isEqualTo(1);
    }

    @Test
    void aBodyWithoutCloudEventAttributesIsPoisonAnswered400() {
        String phone = freshNumber();
        given().contentType("application/json")
                .body(WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now())))
                .post(PATH)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("status", equalTo(400));

        assertThat(optedOut(phone)).isZero();
    }

    @Test
    void aDatabaseFailureAsksForARetryWith503NotA500() {
        // PostgreSQL text cannot hold NUL: a well-formed OptOut whose write fails in the database,
        // the way a lost connection would, after the handler's own retries.
        String phone = freshNumber() + "\u0000";

        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "db1")
                .body(WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now())))
                .post(PATH)
                .then().statusCode(503).header("Retry-After", "1").contentType(Problem.MEDIA_TYPE).body("status", equalTo(503));
    }
}
