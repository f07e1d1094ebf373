package dev.sandesh.broadcast.api;

import com.rabbitmq.client.ConnectionFactory;
import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.contracts.CampaignTransition;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * GET /v1/events through a fake webhook-service (its internal events page passed on, 503 when it
 * does not answer), and the campaign history relayed to sandesh.campaign-events after each commit.
 */
@QuarkusTest
class StorefrontEventsResourceTest {

    static {
        FakeWebhookService.get();
    }

    private static final String PAGE = """
            {"events":[{"specversion":"1.0","id":"0b3c8f5e-0000-4000-8000-000000000001","source":"urn:sandesh:webhook-service",
            "type":"sandesh.message.failed","subject":"6f1c2a44-0000-4000-8000-000000000001","time":"2026-10-20T06:31:05Z",
            "datacontenttype":"application/json","sequence":"812","data":{"sequence":3,"errorCode":131026}}],"next":"812"}""";

    @AfterEach
    void restore() {
        FakeWebhookService.get().events(200, "{\"events\":[],\"next\":\"0\"}");
    }

    @Test
    void theStorefrontCatchesUpByCursorFromWebhookServicesOutbox() {
        FakeWebhookService.get().events(200, PAGE);
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("after", "811").queryParam("limit", "50").get("/v1/events")
                .then().statusCode(200)
                .body("events[0].id", equalTo("0b3c8f5e-0000-4000-8000-000000000001"))
                .body("events[0].type", equalTo("sandesh.message.failed"))
                .body("events[0].data.errorCode", equalTo(131026))
                .body("next", equalTo("812"));
        assertThat(FakeWebhookService.get().eventQueries).last().asString().contains("after=811").contains("limit=50");
    }

    @Test
    void aBadCursorOrLimitNamesTheFieldAndAMissingKeyIs401() {
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("limit", "5000").get("/v1/events")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("limit"));
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("after", "-3").get("/v1/events")
                .then().statusCode(400).body("errors.field", hasItem("after"));
        given().get("/v1/events").then().statusCode(401);
    }

    @Test
    void webhookServiceNotAnsweringIs503NotAnEmptyPage() {
        FakeWebhookService.get().events(503, "{}");
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/events")
                .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
    }

    @Test
    void aPauseAndAResumeAreRelayedAsCampaignTransitionsAfterTheirCommit() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost("sandesh-test-broadcast");
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            String probe = channel.queueDeclare().getQueue();
            channel.queueBind(probe, Topology.CAMPAIGN_EVENTS.exchange(), "#");

            List<Map<String, Object>> recipients = List.of(CampaignResourceTest.recipient(
                    CampaignResourceTest.indianMobile((int) (System.nanoTime() % 9000) + 1000, 1), "p1"));
            String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                    .body(CampaignResourceTest.body("storefront", recipients)).post("/v1/campaigns")
                    .then().statusCode(201).extract().path("id");
            given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("reason", "stock check"))
                    .post("/v1/campaigns/" + id + "/pause").then().statusCode(200);
            given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}")
                    .post("/v1/campaigns/" + id + "/resume").then().statusCode(200);

            List<CampaignTransition> relayed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var message = channel.basicGet(probe, true);
                if (message != null) {
                    CampaignTransition t = WireJson.decode(message.getBody(), CampaignTransition.class, CampaignTransition.VERSION);
                    if (t.campaignId().equals(UUID.fromString(id))) {
                        relayed.add(t);
                    }
                }
                return relayed.size() >= 2;
            });
            assertThat(relayed).extracting(CampaignTransition::kind)
                    .containsExactly(CampaignTransition.Kind.PAUSED, CampaignTransition.Kind.RESUMED);
            assertThat(relayed.getFirst().reason()).isEqualTo("stock check");
            assertThat(relayed.get(0).historyId()).isLessThan(relayed.get(1).historyId());
        }
    }
}
