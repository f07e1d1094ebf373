package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.TestSupport;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /internal/v1/reconciliation fetches Meta's pricing_analytics for a day (a stand-in Graph API
 * answering what Meta would: 990 Indian marketing messages for ₹854.469 on 25 Nov 2026, and 3 free
 * utility ones), stores it and answers the drift against what Sandesh priced (1,000 × ₹0.8631).
 */
@QuarkusTest
@TestProfile(ReconciliationTest.WithGraph.class)
class ReconciliationTest {

    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static HttpServer graph;

    public static class WithGraph implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandesh.reconciliation.graph-url", "http://127.0.0.1:" + graph().getAddress().getPort() + "/v23.0",
                    "sandesh.reconciliation.waba-id", "102290129340398",
                    "sandesh.reconciliation.access-token", "graph-test-token");
        }
    }

    static synchronized HttpServer graph() {
        if (graph == null) {
            try {
                graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            graph.createContext("/v23.0/102290129340398", exchange -> {
                REQUESTS.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestURI().getRawQuery());
                byte[] body = """
                        {"pricing_analytics":{"data":[{"data_points":[
                          {"start":1795564800,"end":1795651200,"country":"IN","pricing_type":"REGULAR","pricing_category":"MARKETING","volume":990,"cost":854.469},
                          {"start":1795564800,"end":1795651200,"country":"IN","pricing_type":"FREE_CUSTOMER_SERVICE","pricing_category":"UTILITY","volume":3,"cost":0}
                        ]}]},"id":"102290129340398"}""".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            graph.start();
        }
        return graph;
    }

    @BeforeEach
    void seed() {
        cleanTables();
        execute("TRUNCATE webhook.pricing_analytics");
        UUID campaign = UUID.randomUUID();
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, accepted_at, delivered_at, read_at,
                    billable, pricing_type, pricing_category, updated_at)
                SELECT 'wamid.rec.' || g, '%s', g, 'IN', 'read', TIMESTAMPTZ '2026-11-25 09:00+00', TIMESTAMPTZ '2026-11-25 09:01+00',
                       TIMESTAMPTZ '2026-11-25 09:02+00', true, 'regular', 'marketing', now()
                  FROM generate_series(1, 1000) g""".formatted(campaign));
    }

    @Test
    void theDayIsFetchedStoredAndItsDriftAnswered() {
        JsonPath answer = TestSupport.internal().post("/internal/v1/reconciliation?day=2026-11-25").then().statusCode(200).extract().jsonPath();

        assertThat(REQUESTS.getLast()).startsWith("Bearer graph-test-token fields=")
                .contains("pricing_analytics.start%281795564800%29.end%281795651200%29.granularity%28DAILY%29");
        List<Map<String, Object>> drift = answer.getList("drift");
        assertThat(drift).hasSize(2);
        Map<String, Object> marketing = drift.stream().filter(d -> d.get("category").equals("marketing")).findFirst().orElseThrow();
        assertThat(marketing).containsEntry("sandeshVolume", 1000).containsEntry("metaVolume", 990);
        assertThat(new BigDecimal(marketing.get("sandeshCost").toString())).isEqualByComparingTo("863.10");
        assertThat(new BigDecimal(marketing.get("metaCost").toString())).isEqualByComparingTo("854.47");
        assertThat(new BigDecimal(marketing.get("drift").toString())).isEqualByComparingTo("-8.63");
        assertThat(query("SELECT volume, currency FROM webhook.pricing_analytics WHERE category = 'MARKETING'"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("volume", 990L).containsEntry("currency", "INR"));

        // the drift stays recorded; fetching again replaces the day, not adds to it
        TestSupport.internal().post("/internal/v1/reconciliation?day=2026-11-25").then().statusCode(200);
        assertThat(TestSupport.internal().get("/internal/v1/reconciliation?day=2026-11-25").then().statusCode(200).extract().jsonPath()
                .getList("drift")).hasSize(2);
        assertThat(query("SELECT count(*) AS n FROM webhook.pricing_analytics").getFirst()).containsEntry("n", 2L);
    }

    @Test
    void aDayThatIsNotADateIs400() {
        TestSupport.internal().post("/internal/v1/reconciliation?day=yesterday").then().statusCode(400).contentType("application/problem+json");
    }
}
