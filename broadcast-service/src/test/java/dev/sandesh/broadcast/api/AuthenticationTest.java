package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Quarkus Security's bearer mechanism: an API key opens /v1 only, the internal secret /internal
 * only; anything else is 401 problem+json, a credential on the wrong side 403; calls to
 * webhook-service carry the internal secret.
 */
@QuarkusTest
class AuthenticationTest {

    static {
        FakeWebhookService.get();
    }

    private static final String API_KEY = "sandesh-dev-key";

    @Test
    void theSchedulerTickNeedsTheInternalSecret() {
        given().post("/internal/v1/scheduler/tick").then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(401)).header("WWW-Authenticate", "Bearer realm=\"sandesh\"");
        given().auth().oauth2("not-the-secret").post("/internal/v1/scheduler/tick").then().statusCode(401);
        given().auth().oauth2(API_KEY).post("/internal/v1/scheduler/tick").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(FakeWebhookService.INTERNAL_SECRET).post("/internal/v1/scheduler/tick").then().statusCode(200);
    }

    @Test
    void theInternalSecretIsNoApiKey() {
        given().auth().oauth2(FakeWebhookService.INTERNAL_SECRET).get("/v1/campaigns").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(API_KEY).get("/v1/campaigns").then().statusCode(200);
    }

    @Test
    void callsToWebhookServiceCarryTheInternalSecret() {
        FakeWebhookService.get().refused().clear();
        given().auth().oauth2(API_KEY).get("/v1/events").then().statusCode(200);
        given().auth().oauth2(API_KEY).get("/v1/campaigns/{id}/cost", UUID.randomUUID()).then().statusCode(404);

        assertThat(FakeWebhookService.get().refused()).isEmpty();
    }

    @Test
    void publicEndpointsNeedNoCredential() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
