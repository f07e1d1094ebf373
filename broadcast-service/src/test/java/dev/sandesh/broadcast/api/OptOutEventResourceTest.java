package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.InternalSignature;
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
        byte[] data = WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now()));
        String optOut = new String(data, StandardCharsets.UTF_8);
        java.util.Map<String, String> a = InternalSignature.installed().headers("OptOut", data);

        given().contentType("application/cloudevents+json")
                .body("""
                        {"specversion":"1.0","id":"%s","source":"/sandesh","type":"OptOut","time":"%s","sandeshsignature":"%s","data":%s}"""
                        .formatted(a.get("ce-id"), a.get("ce-time"), a.get("ce-sandeshsignature"), optOut))
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

        byte[] body = WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now()));
        given().contentType("application/json").headers(InternalSignature.installed().headers("OptOut", body))
                .body(body)
                .post(PATH)
                .then().statusCode(503).header("Retry-After", "1").contentType(Problem.MEDIA_TYPE).body("status", equalTo(503));
    }

    @Test
    void anUnsignedOrForgedOptInIsRefused401Or403AndTheOptOutStays() {
        String phone = freshNumber();
        byte[] optOut = WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now().minusSeconds(60)));
        given().contentType("application/json").headers(InternalSignature.installed().headers("OptOut", optOut)).body(optOut)
                .post(PATH).then().statusCode(204);
        assertThat(optedOut(phone)).isEqualTo(1);

        // an outsider tries to delete it with an OPT_IN
        byte[] optIn = WireJson.encode(new OptOut(phone, OptOut.Action.OPT_IN, OptOut.Source.KEYWORD, Instant.now()));
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "i1").body(optIn)
                .post(PATH).then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().contentType("application/json")
                .headers(InternalSignature.of("an-attackers-guess-at-the-secret", java.util.Optional.empty()).headers("OptOut", optIn)).body(optIn)
                .post(PATH).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().contentType("application/json").headers(InternalSignature.installed().headers("OptOut", optOut)).body(optIn)
                .post(PATH).then().statusCode(403);
        // the API key is no credential for the adapter either
        given().auth().oauth2("sandesh-dev-key").contentType("application/json").header("ce-specversion", "1.0").body(optIn)
                .post(PATH).then().statusCode(401);

        assertThat(optedOut(phone)).isEqualTo(1);
    }
}
