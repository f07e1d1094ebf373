package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Outside {@code %knative} the opt-out CloudEvents adapter is off: the AMQP consumer is the way in. */
@QuarkusTest
@TestProfile(OptOutEventResourceSwitchedOffTest.SwitchedOff.class)
class OptOutEventResourceSwitchedOffTest {

    // No FakeWebhookService here: a test profile restarts the app in another class loader, whose
    // copy of the fake could not bind the port the other test classes' copy holds.

    public static class SwitchedOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandesh.broadcast.cloudevents-enabled", "false");
        }
    }

    @Test
    void aSwitchedOffAdapterAnswers404AndAppliesNothing() {
        String phone = String.format("+9195%08d", System.nanoTime() % 100_000_000L);

        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "off1")
                .body(WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now())))
                .post("/internal/cloudevents/optouts")
                .then().statusCode(404);

        assertThat(TestDb.count("SELECT count(*) FROM broadcast.opt_out WHERE phone_e164 = ?", phone)).isZero();
    }
}
