package dev.sandesh.broadcast.api;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.client.RecipientStatePage.RecipientState;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.broadcast.domain.TemplateFixtures.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Retry-failed re-checks the child campaign against the template, so it must carry each recipient's stored
 * variables, or every retried recipient would be rejected MISSING_VARIABLE. On the configured catalogue (the
 * default test app, where the fake webhook-service serves outcomes): sandesh_demo's {{1}} given as {{customer}}.
 */
@QuarkusTest
class RetryFailedVariablesTest {

    static {
        FakeWebhookService.get();
    }

    private static final String COMPONENTS = "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"{{customer}}\"}]}]";

    @Test
    void retryFailedSendsTheSameComponentsWithEachRecipientsStoredVariables() throws Exception {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        String a = CampaignResourceTest.indianMobile(block, 0).replace(" ", "");
        String b = CampaignResourceTest.indianMobile(block, 1).replace(" ", "");
        try (TestBroker broker = new TestBroker()) {
            broker.purge(CampaignResourceTest.BATCHES);
            String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("""
                            {"name": "retry variables", "template": {"name": "sandesh_demo", "language": "en", "components": %s},
                             "recipients": [{"phone": "%s", "variables": {"customer": "Asha"}},
                                            {"phone": "%s", "variables": {"customer": "Ravi"}}]}""".formatted(COMPONENTS, a, b))
                    .post("/v1/campaigns").then().statusCode(201).body("counts.valid", equalTo(2)).extract().path("id");
            assertThat(batches(broker, 1)).hasSize(1);
            Instant now = Instant.now();
            FakeWebhookService.get().states(UUID.fromString(id), List.of(
                    new RecipientState(0, "READ", "wamid.0", null, null, now),
                    new RecipientState(1, "FAILED", null, 131000, "Something went wrong", now)));

            given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}")
                    .post("/v1/campaigns/" + id + "/retry-failed")
                    .then().statusCode(201).body("retried", equalTo(1)).body("campaign.counts.valid", equalTo(1))
                    .body("campaign.state", equalTo("RUNNING"));

            SendBatch retry = batches(broker, 1).getFirst();
            assertThat(retry.campaignId()).isNotEqualTo(UUID.fromString(id));
            assertThat(retry.template().components()).isEqualTo(json(COMPONENTS));
            assertThat(retry.recipients()).singleElement().satisfies(r -> assertThat(r.variables()).isEqualTo(Map.of("customer", "Ravi")));
        }
    }

    /** Every batch on the queue once the app publishes nothing more (TestBroker#drain waits for its background publishing). */
    private static List<SendBatch> batches(TestBroker broker, int expected) throws Exception {
        List<GetResponse> messages = broker.drain(CampaignResourceTest.BATCHES);
        return messages.stream().map(m -> WireJson.decode(m.getBody(), SendBatch.class, SendBatch.VERSION)).toList();
    }
}
