package dev.sandesh.webhook.api;

import dev.sandesh.contracts.CampaignTransition;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.webhook.config.EventsConfig;
import dev.sandesh.webhook.persistence.StorefrontEvents;
import dev.sandesh.webhook.persistence.Transactions;
import dev.sandesh.webhook.persistence.UnavailableStorefrontEvents;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.query;
import static dev.sandesh.webhook.TestSupport.signedHeaders;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The Knative adapter of campaign transitions: eventing-rabbitmq dead-letters a 500 without a retry
 * and retries a 503, so anything that may pass on a retry — the database refusing the row, or gone
 * altogether — is a 503 with Retry-After, never a 500; poison is a 400.
 */
@QuarkusTest
class CampaignEventCloudEventResourceTest {

    private static final String PATH = "/internal/cloudevents/campaign-events";

    @Inject
    Transactions transactions;

    @Inject
    EventsConfig events;

    private static long storefrontEvents(UUID campaign) {
        return (Long) query("SELECT count(*) AS n FROM webhook.storefront_event WHERE subject = ?", campaign.toString()).getFirst().get("n");
    }

    private static byte[] transition(UUID campaign, String reason) {
        return WireJson.encode(new CampaignTransition(System.nanoTime(), campaign, CampaignTransition.Kind.COMPLETED, reason, Instant.now()));
    }

    @Test
    void aSignedTransitionIsRecordedOnceAndPoisonIs400() {
        UUID campaign = UUID.randomUUID();
        byte[] body = transition(campaign, "settled");
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").headers(signedHeaders("CampaignTransition", body)).body(body)
                    .when().post(PATH).then().statusCode(204);
        }
        assertThat(storefrontEvents(campaign)).isEqualTo(1);

        byte[] poison = "{\"not\":\"a transition\"}".getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").headers(signedHeaders("CampaignTransition", poison)).body(poison)
                .when().post(PATH).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aTransitionTheDatabaseRefusesNowAsksForARetryWith503NotA500() {
        UUID campaign = UUID.randomUUID();
        // well-formed, but jsonb refuses \u0000: a failure of the database, not of the message
        byte[] body = transition(campaign, "settled\u0000");
        given().contentType("application/json").headers(signedHeaders("CampaignTransition", body)).body(body)
                .when().post(PATH)
                .then().statusCode(503).header("Retry-After", "1").contentType("application/problem+json").body("status", equalTo(503));
        assertThat(storefrontEvents(campaign)).isZero();
    }

    @Test
    void withTheDatabaseGoneATransitionAsksForARetryWith503NotA500() {
        QuarkusMock.installMockForType(new UnavailableStorefrontEvents(transactions, events), StorefrontEvents.class);
        UUID campaign = UUID.randomUUID();
        byte[] body = transition(campaign, "settled");
        given().contentType("application/json").headers(signedHeaders("CampaignTransition", body)).body(body)
                .when().post(PATH)
                .then().statusCode(503).header("Retry-After", "1").contentType("application/problem+json").body("status", equalTo(503));
        assertThat(storefrontEvents(campaign)).isZero();
    }
}
