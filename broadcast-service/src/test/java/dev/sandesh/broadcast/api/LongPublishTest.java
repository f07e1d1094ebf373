package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code sandesh.broadcast.publish-timeout} bounds each batch's broker confirm, not the publishing
 * of a whole campaign (issue 13, "a 1,000,000-recipient campaign starts"): here it is 1 s and a
 * campaign of 30,000 recipients in batches of 10 — 3,000 batches, read from the database in pages,
 * confirmed 16 at a time and each recorded in the ledger, several seconds in all — still starts, every batch on the
 * queue (published in the background after the start answered). When the timeout covered the
 * whole publish, this start answered 503; had it covered the background publish, it would stop short.
 */
@QuarkusTest
@TestProfile(ShortBrokerWaits.class) // publish-timeout 1 s, batches of 10
class LongPublishTest {

    // Not CampaignResourceTest's: touching that class would run its static set-up (the fake
    // webhook-service) again in this profile's class loader, where its port is taken.
    private static final String KEY = "sandesh-dev-key";
    private static final String BATCHES = "sender.batches";

    // Self-contained, like ControlUnconfirmedTest: no fake webhook-service; progress reads fall back to stale zeros.
    @Test
    void aCampaignWhosePublishingOutlastsTheConfirmTimeoutStarts() throws Exception {
        int n = 30_000;
        List<Map<String, Object>> recipients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            recipients.add(Map.of("phone", String.format("+91 95%08d", i), "parameters", List.of("p" + i)));
        }
        try (TestBroker broker = new TestBroker()) {
            broker.purge(BATCHES);
            String id = given().auth().oauth2(KEY).contentType(ContentType.JSON)
                    .body(Map.of("name", "long publish",
                            "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"),
                            "recipients", recipients))
                    .post("/v1/campaigns")
                    .then().statusCode(201)
                    .body("state", equalTo("RUNNING"))
                    .body("batches", equalTo(3_000))
                    .extract().path("id");
            assertThat(broker.count(BATCHES)).isEqualTo(3_000); // once the background publish is done (TestBroker)
            given().auth().oauth2(KEY).get("/v1/campaigns/" + id).then().statusCode(200).body("publishing.published", equalTo(3_000));
            assertThat(TestDb.query("SELECT state FROM broadcast.campaign WHERE id = ?", UUID.fromString(id)).getFirst())
                    .containsEntry("state", "RUNNING");
            broker.purge(BATCHES);
        }
    }
}
