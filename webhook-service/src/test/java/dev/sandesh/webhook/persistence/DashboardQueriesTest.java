package dev.sandesh.webhook.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQL query of the Grafana dashboard (k8s/base/grafana/sandesh-cost.json), executed
 * as Grafana would run it — macros expanded for November 2026 and the seed campaign — over seeded
 * data with known answers: the seed campaign (2,000 attempted, 1,000 read on 25 Nov, 1,000 failed
 * 131026), an October campaign the time range must leave out, and Meta's pricing_analytics for 25 Nov.
 * The seed campaign's start estimate lives in broadcast-service's schema: broadcast's own Flyway
 * migrations are applied here (a no-op when its tests already did), so the panel "Estimate vs
 * actual" runs against the real broadcast.campaign_estimate, not a copy of its DDL.
 */
@QuarkusTest
class DashboardQueriesTest {

    private static final Path DASHBOARD = Path.of("../k8s/base/grafana/sandesh-cost.json");
    private static final String FROM = "'2026-11-01T00:00:00Z'";
    private static final String TO = "'2026-12-01T00:00:00Z'";
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/sandesh_test";

    private UUID seed;

    @BeforeEach
    void seedData() {
        cleanTables();
        execute("TRUNCATE webhook.pricing_analytics");
        seed = campaign("2026-11-25", 2000);
        campaign("2026-10-15", 10);
        startEstimate(seed, "0.45", 1100, "845.00");
        execute("""
                INSERT INTO webhook.pricing_analytics VALUES
                  ('2026-11-25', 'IN', 'MARKETING', 'REGULAR', 990, 854.469, 'INR', now()),
                  ('2026-11-25', 'IN', 'UTILITY', 'FREE_CUSTOMER_SERVICE', 3, 0, 'INR', now())""");
    }

    @Test
    void everyDashboardQueryAnswersTheSeededFigures() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> checked = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (!target.has("rawSql")) {
                    continue;
                }
                List<Map<String, Object>> rows = query(expand(target.path("rawSql").asText()));
                check(panel.path("id").asInt(), rows);
                checked.add(panel.path("title").asText());
            }
        }
        assertThat(checked).hasSize(9);

        String variable = dashboard.path("templating").path("list").path(0).path("query").asText();
        assertThat(query(expand(variable))).extracting(r -> r.get("__value")).containsExactly(seed.toString());
    }

    private void check(int panel, List<Map<String, Object>> rows) {
        switch (panel) {
            case 1 -> assertThat(rows).singleElement().satisfies(r -> {
                assertThat(decimal(r, "paid to Meta")).isEqualByComparingTo("863.10");
                assertThat(r).containsEntry("billable delivered", 1000L);
            });
            case 2 -> {
                assertThat(rows).extracting(r -> r.get("provider")).containsExactly("Twilio", "AiSensy", "Gupshup", "WATI", "Interakt");
                assertThat(decimal(rows.getFirst(), "cost")).isEqualByComparingTo("1669.73");
                assertThat(decimal(rows.getFirst(), "saving %")).isEqualByComparingTo("48.3");
            }
            case 3 -> {
                assertThat(decimal(rows.getFirst(), "per delivered")).isEqualByComparingTo("0.8631");
                assertThat(rows.stream().filter(r -> r.get("via").equals("Twilio")).findFirst().orElseThrow())
                        .satisfies(r -> assertThat(decimal(r, "per delivered")).isEqualByComparingTo("1.6697"));
            }
            case 4 -> assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("code", 131026).containsEntry("failed", 1000L);
                assertThat(decimal(r, "Twilio charges")).isEqualByComparingTo("73.33");
            });
            case 5 -> {
                assertThat(rows).hasSize(2);
                Map<String, Object> marketing = rows.stream().filter(r -> r.get("category").equals("marketing")).findFirst().orElseThrow();
                assertThat(marketing).containsEntry("sandesh_volume", 1000L).containsEntry("meta_volume", 990L);
                assertThat(decimal(marketing, "drift")).isEqualByComparingTo("-8.63");
                assertThat(rows.stream().filter(r -> r.get("category").equals("utility")).findFirst().orElseThrow())
                        .containsEntry("sandesh_volume", 0L).containsEntry("meta_volume", 3L);
            }
            case 6 -> assertThat(rows).singleElement().satisfies(r -> assertThat(decimal(r, "paid to Meta")).isEqualByComparingTo("863.10"));
            case 7 -> {
                assertThat(rows).hasSize(5);
                assertThat(decimal(rows.getFirst(), "cost")).as("the October campaign is outside the range").isEqualByComparingTo("1669.73");
            }
            case 8 -> assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("attempted", 2000L).containsEntry("failed", 1000L);
                assertThat(decimal(r, "via Twilio")).isEqualByComparingTo("1669.73");
            });
            case 14 -> assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("currency", "INR").containsEntry("expected delivered", 1100L).containsEntry("delivered", 1000L);
                assertThat(decimal(r, "estimated Meta cost")).isEqualByComparingTo("845.00");
                assertThat(decimal(r, "actual Meta cost")).isEqualByComparingTo("863.10");
                assertThat(decimal(r, "difference %")).as("(863.10 - 845.00) / 845.00").isEqualByComparingTo("2.1");
                assertThat(decimal(r, "assumed failure %")).isEqualByComparingTo("45.0");
                assertThat(decimal(r, "actual failure %")).as("1,000 of 2,000 failed").isEqualByComparingTo("50.0");
            });
            default -> throw new AssertionError("panel " + panel + " has a query this test does not check");
        }
    }

    private String expand(String sql) {
        return expand(sql, seed);
    }

    /** Grafana's macros for the PostgreSQL data source, as it expands them (November 2026, {@code campaign}). */
    static String expand(String sql, UUID campaign) {
        return expand(sql, campaign, FROM, TO);
    }

    /** The same for the time range {@code from}..{@code to} (SQL timestamp literals). */
    static String expand(String sql, UUID campaign, String from, String to) {
        return sql.replaceAll("\\$__timeFilter\\(((?:[^()]|\\([^()]*\\))*)\\)", "$1 BETWEEN " + from + " AND " + to)
                .replace("$__timeFrom()", from).replace("$__timeTo()", to)
                .replace("$campaign", campaign.toString());
    }

    private static BigDecimal decimal(Map<String, Object> row, String column) {
        return new BigDecimal(row.get(column).toString());
    }

    /** broadcast-service's schema as its migrations make it, and the estimate {@code campaign} started with. */
    static void startEstimate(UUID campaign, String failureShare, long expectedDelivered, String metaCost) {
        Flyway.configure().dataSource(JDBC_URL, "postgres", "postgres").schemas("broadcast").createSchemas(true)
                .locations("filesystem:../broadcast-service/src/main/resources/db/migration").load().migrate();
        execute("""
                DELETE FROM broadcast.campaign_estimate WHERE campaign_id = '%1$s';
                DELETE FROM broadcast.campaign WHERE id = '%1$s';
                INSERT INTO broadcast.campaign (id, name, template_name, template_language, template_category, phone_number_id, state,
                    recipients, valid, rejected, batch_size, created_at, updated_at)
                VALUES ('%1$s', 'dashboard seed', 'diwali_offer', 'en', 'MARKETING', '106540352242922', 'RUNNING', 2000, 2000, 0, 100,
                        TIMESTAMPTZ '2026-11-25 08:00+00', TIMESTAMPTZ '2026-11-25 09:00+00');
                INSERT INTO broadcast.campaign_estimate (campaign_id, estimated_at, price_date, failure_share, failure_share_from, recipients,
                    expected_delivered, expected_failed, meta_cost, unpriced_recipients, currency)
                VALUES ('%1$s', TIMESTAMPTZ '2026-11-25 09:00+00', DATE '2026-11-25', %2$s, 'request', 2000, %3$d, %4$d, %5$s, 0, 'INR')"""
                .formatted(campaign, failureShare, expectedDelivered, 2000 - expectedDelivered, metaCost));
    }

    /** Half read, half failed 131026, all on one day. */
    private static UUID campaign(String day, int attempts) {
        UUID campaign = UUID.randomUUID();
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, accepted_at, sent_at, delivered_at,
                    read_at, failed_at, error_code, billable, pricing_type, pricing_category, pricing_model, updated_at)
                SELECT 'wamid.dash.' || g || '.%1$s', '%1$s', g, 'IN',
                       CASE WHEN g %% 2 = 0 THEN 'read' ELSE 'failed' END,
                       TIMESTAMPTZ '%2$s 09:00+00', TIMESTAMPTZ '%2$s 09:00+00',
                       CASE WHEN g %% 2 = 0 THEN TIMESTAMPTZ '%2$s 09:01+00' END,
                       CASE WHEN g %% 2 = 0 THEN TIMESTAMPTZ '%2$s 09:02+00' END,
                       CASE WHEN g %% 2 = 1 THEN TIMESTAMPTZ '%2$s 09:01+00' END,
                       CASE WHEN g %% 2 = 1 THEN 131026 END,
                       true, 'regular', 'marketing', 'PMP', now()
                  FROM generate_series(1, %3$d) g""".formatted(campaign, day, attempts));
        return campaign;
    }
}
