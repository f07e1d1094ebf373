package dev.sandesh.webhook.api;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.count;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Outside {@code %knative} the outcomes CloudEvents adapter is off: the AMQP consumer is the way in. */
@QuarkusTest
@TestProfile(OutcomeCloudEventResourceSwitchedOffTest.SwitchedOff.class)
class OutcomeCloudEventResourceSwitchedOffTest {

    public static class SwitchedOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandesh.webhook.cloudevents-enabled", "false");
        }
    }

    @Test
    void aSwitchedOffAdapterAnswers404AndRecordsNothing() {
        cleanTables();
        BatchOutcome outcome = new BatchOutcome(UUID.randomUUID(), 0, "106540352242922",
                List.of(RecipientOutcome.accepted(0, "IN", "wamid." + UUID.randomUUID())));

        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "off1")
                .body(WireJson.encode(outcome))
                .when().post("/internal/cloudevents/outcomes")
                .then().statusCode(404);

        assertThat(count("message_status")).isZero();
    }
}
