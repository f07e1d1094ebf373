package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's scenario over the four real processes (issue 14): 2,000 recipients of diwali_offer,
 * half undeliverable (the simulator rule {"percent":50,"outcome":"undeliverable"}). Afterwards
 * GET /v1/campaigns/{id}/cost equals the SQL views Grafana reads to the paisa and every figure equals
 * contracts' rate card and providers file recomputed from the counts; the estimate at the known 50 %
 * failure share is within 5 % of that truth; reconciliation with the simulator's pricing_analytics
 * finds no drift, and the drift its knob adds.
 */
class SeedCostIT {

    private static final String WEBHOOK_ARGS = "sandesh.stack.jvm-args.webhook-service";
    private static LocalStack stack;
    private static SandeshClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        RunningStack.stopSharedStack(); // same database and vhost: this class has a stack of its own (its webhook-service reconciles)
        Path root = Path.of(System.getProperty("sandesh.repo.root", "..")).toAbsolutePath().normalize();
        stack = new LocalStack(new LocalStack.Options(root, "sandesh_systest", true, "sandesh-systest", false, 400, 100,
                root.resolve("system-tests/target/stack-logs/SeedCostIT")));
        // webhook-service reconciles with the simulator's Graph API (ports are chosen before the apps start)
        System.setProperty(WEBHOOK_ARGS, "-Dsandesh.reconciliation.graph-url=http://127.0.0.1:" + stack.port(LocalStack.App.SIMULATOR)
                + "/v23.0 -Dsandesh.reconciliation.waba-id=" + LocalStack.WABA_ID + " -Dsandesh.reconciliation.access-token=systest");
        try {
            stack.start(Duration.ofSeconds(120));
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        client = new SandeshClient(stack);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty(WEBHOOK_ARGS);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSeedCampaignCostsWhatTheRateCardAndTheProvidersFileSayAndMetaAgrees() throws Exception {
        client.recipientRules(SandeshClient.json().readTree("[{\"percent\":50,\"outcome\":\"undeliverable\"}]"));
        JsonNode created = client.createCampaign(DemoAudience.festiveCampaign("seed", 2_000, 0, 0, 2026)).requireStatus(201).body();
        String id = created.path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && !CampaignProgress.of(client.campaign(id).requireStatus(200).body()).finished()) {
            Thread.sleep(300);
        }
        JsonNode cost = client.campaignCost(id).requireStatus(200).body();
        CostReport.print(cost, System.out);

        assertThat(cost.path("attempted").asLong()).isEqualTo(2_000);
        assertThat(cost.path("delivered").asLong() + cost.path("failed").asLong()).isEqualTo(2_000);
        assertThat(cost.path("failed").asLong()).as("half undeliverable").isBetween(900L, 1_100L);
        assertThat(cost.path("currency").asText()).isEqualTo("INR");
        String category = cost.path("byCategory").path(0).path("category").asText();
        assertThat(CostReport.check(cost, category, CostReport.today())).isEmpty();

        // the API is the views Grafana reads, to the paisa
        Map<String, BigDecimal> views = new HashMap<>();
        try (var db = stack.openDatabase();
             var q = db.prepareStatement("SELECT provider, cost FROM webhook.campaign_provider_cost WHERE campaign_id = CAST(? AS uuid)")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    views.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
            try (var m = db.prepareStatement("SELECT meta_cost FROM webhook.campaign_cost WHERE campaign_id = CAST(? AS uuid)")) {
                m.setString(1, id);
                try (ResultSet rs = m.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(cost.path("metaCost").decimalValue());
                }
            }
        }
        assertThat(views).hasSize(5);
        for (JsonNode p : cost.path("providers")) {
            assertThat(p.path("cost").decimalValue()).as(p.path("name").asText()).isEqualByComparingTo(views.get(p.path("name").asText()));
        }

        // estimate before, truth after: at the known 50 % the estimate is within 5 % of the final figures
        JsonNode estimate = client.campaignEstimate(id, 0.5).requireStatus(200).body();
        assertThat(within5(estimate.path("metaCost").decimalValue(), cost.path("metaCost").decimalValue())).isTrue();
        for (int i = 0; i < cost.path("providers").size(); i++) {
            BigDecimal truth = cost.path("providers").path(i).path("cost").decimalValue();
            BigDecimal expected = estimate.path("providers").path(i).path("cost").decimalValue();
            assertThat(within5(expected, truth)).as(cost.path("providers").path(i).path("name").asText() + " " + expected + " vs " + truth).isTrue();
        }

        // reconciliation: the simulator charged exactly what Sandesh priced; with its knob, 2 % more
        JsonNode agreed = reconcile();
        JsonNode marketing = row(agreed, category);
        System.out.println("reconciliation: " + agreed);
        assertThat(marketing.path("sandeshVolume").asLong()).isEqualTo(cost.path("billable").asLong());
        assertThat(marketing.path("metaVolume").asLong()).isEqualTo(cost.path("billable").asLong());
        assertThat(marketing.path("drift").decimalValue()).isEqualByComparingTo("0");

        HTTP.send(HttpRequest.newBuilder(stack.uri(LocalStack.App.SIMULATOR, "/_simulator/pricing-analytics"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"volumeDrift\":0.02}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode drifted = row(reconcile(), category);
        long billable = cost.path("billable").asLong();
        assertThat(drifted.path("metaVolume").asLong()).isEqualTo(Math.round(billable * 1.02));
        assertThat(drifted.path("drift").decimalValue()).isPositive();
    }

    private static JsonNode reconcile() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stack.uri(LocalStack.App.WEBHOOK, "/internal/v1/reconciliation"))
                .header("Authorization", "Bearer " + stack.internalSecret())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SandeshClient.json().readTree(r.body());
    }

    private static JsonNode row(JsonNode reconciliation, String category) {
        for (JsonNode d : reconciliation.path("drift")) {
            if (d.path("country").asText().equals("IN") && d.path("category").asText().equals(category)) {
                return d;
            }
        }
        throw new AssertionError("no IN " + category + " row in " + reconciliation);
    }

    private static boolean within5(BigDecimal estimate, BigDecimal actual) {
        return estimate.subtract(actual).abs().compareTo(actual.multiply(new BigDecimal("0.05"))) <= 0;
    }
}
