package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.contracts.pricing.CampaignCost;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * GET /v1/campaigns/{id}/cost relays webhook-service's cost views unchanged (no proration, no
 * re-pricing here); it is 404 for an unknown campaign and 503 problem+json when webhook-service
 * cannot answer, never zeros that would read as "free".
 */
@QuarkusTest
class CampaignCostResourceTest {

    static {
        FakeWebhookService.get();
    }

    private static String campaign() {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        return given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(CampaignResourceTest.body("cost", List.of(Map.of("phone", CampaignResourceTest.indianMobile(block, 1),
                        "parameters", List.of("p")))))
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    @Test
    void theCostIsWebhookServicesViewToThePaisa() {
        String id = campaign();
        FakeWebhookService.get().cost(new CampaignCost(UUID.fromString(id), "INR", 2000, 1000, 1000, 1000, 0, new BigDecimal("863.10"),
                null, null, List.of(new CampaignCost.CategoryCost("IN", "marketing", 1000, 0, new BigDecimal("863.10"), "INR",
                new BigDecimal("863.1000"))),
                List.of(new CampaignCost.ProviderCost("twilio", "Twilio", new BigDecimal("1669.73"), new BigDecimal("806.63"),
                        new BigDecimal("48.3"), null, List.of())), "2026-12-01", "2026-12-01", "2026-12-01"));

        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id + "/cost")
                .then().statusCode(200)
                .body("currency", equalTo("INR"))
                .body("attempted", equalTo(2000))
                .body("delivered", equalTo(1000))
                .body("failed", equalTo(1000))
                .body("metaCost", equalTo(863.10f))
                .body("byCategory[0].category", equalTo("marketing"))
                .body("providers[0].name", equalTo("twilio"))
                .body("providers[0].cost", equalTo(1669.73f))
                .body("providers[0].saving", equalTo(806.63f))
                .body("providers[0].savingPercent", equalTo(48.3f))
                .body("rateCardVersion", equalTo("2026-12-01"));
    }

    @Test
    void anUnknownCampaignIs404() {
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + UUID.randomUUID() + "/cost")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void withoutAnAnswerFromWebhookServiceItIs503NotZeros() {
        String id = campaign();
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id + "/cost")
                .then().statusCode(503).contentType("application/problem+json");
    }
}
