package dev.sandesh.webhook.api;

import dev.sandesh.contracts.Topology;
import dev.sandesh.webhook.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every internal endpoint not fed by the broker needs the internal secret as a bearer token: none or
 * a wrong one is 401 problem+json with a Bearer challenge, and the endpoint does nothing.
 */
@QuarkusTest
class InternalAuthenticationTest {

    private static final String CAMPAIGN = UUID.randomUUID().toString();
    private static final List<String[]> ENDPOINTS = List.of(
            new String[]{"GET", "/internal/v1/campaigns/" + CAMPAIGN + "/stats"},
            new String[]{"GET", "/internal/v1/campaigns/" + CAMPAIGN + "/cost"},
            new String[]{"GET", "/internal/v1/campaigns/" + CAMPAIGN + "/recipients"},
            new String[]{"GET", "/internal/v1/events"},
            new String[]{"POST", "/internal/v1/replay?from=2026-09-01T00:00:00Z&to=2026-09-02T00:00:00Z"},
            new String[]{"POST", "/internal/v1/reconciliation?day=2026-11-25"},
            new String[]{"GET", "/internal/v1/reconciliation?day=2026-11-25"},
            new String[]{"POST", "/internal/v1/dlq/" + Topology.OUTCOMES.queue() + "/replay"});

    @Test
    void withoutTheInternalSecretEveryInternalEndpointIs401() {
        for (String[] endpoint : ENDPOINTS) {
            given().when().request(endpoint[0], endpoint[1]).then().statusCode(401)
                    .contentType("application/problem+json").body("status", equalTo(401))
                    .header("WWW-Authenticate", "Bearer realm=\"sandesh\"");
            given().auth().oauth2("not-the-internal-secret").when().request(endpoint[0], endpoint[1]).then().statusCode(401);
            // the webhook app secret is no internal credential either
            given().auth().oauth2(TestSupport.APP_SECRET).when().request(endpoint[0], endpoint[1]).then().statusCode(401);
        }
    }

    @Test
    void withTheInternalSecretTheyAnswer() {
        TestSupport.internal().get("/internal/v1/campaigns/{id}/stats", CAMPAIGN).then().statusCode(200);
        TestSupport.internal().get("/internal/v1/events").then().statusCode(200);
    }

    @Test
    void theMetaWebhookAndHealthNeedNoInternalSecret() {
        given().get("/q/health/live").then().statusCode(200);
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", TestSupport.VERIFY_TOKEN)
                .queryParam("hub.challenge", "42").get("/webhooks/whatsapp").then().statusCode(200);
    }
}
