package dev.sandesh.webhook.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQL query of the dashboard filters by campaign or period before it aggregates: run as
 * Grafana runs it (macros expanded for one campaign and one day), EXPLAIN ANALYZE counts the rows it
 * reads from message_status over 60 campaigns x 1,000 messages, three a day, a tenth of them utility
 * (so tier numbering has rows). Reading the whole table — 60,000 rows, by a sequential scan or
 * through an index — is what this catches. A query may read its slice (a campaign's 1,000 rows, a
 * day's 3,000) a few times over — attempts, categories, deliveries, failures, each provider — but
 * not more than {@link #READS_PER_SLICE} times.
 */
@QuarkusTest
class DashboardQueryPlansTest {

    private static final Path DASHBOARD = Path.of("../k8s/base/grafana/sandesh-cost.json");
    private static final int CAMPAIGNS = 60;
    private static final int MESSAGES = 1_000;
    private static final int CAMPAIGNS_A_DAY = 3;
    private static final int READS_PER_SLICE = 8;
    private static final String DAY_FROM = "'2026-11-06T00:00:00Z'";
    private static final String DAY_TO = "'2026-11-07T00:00:00Z'";

    private final List<UUID> campaigns = new ArrayList<>();

    @BeforeEach
    void seedManyCampaigns() {
        cleanTables();
        execute("TRUNCATE webhook.pricing_analytics");
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, accepted_at, sent_at, delivered_at,
                    read_at, failed_at, error_code, billable, pricing_type, pricing_category, pricing_model, updated_at)
                SELECT 'wamid.plan.' || c || '.' || g, md5('plan' || c)::uuid, g, 'IN',
                       CASE WHEN g %% 2 = 0 THEN 'read' ELSE 'failed' END,
                       TIMESTAMPTZ '2026-11-01' + c * interval '8 hours', TIMESTAMPTZ '2026-11-01' + c * interval '8 hours',
                       CASE WHEN g %% 2 = 0 THEN TIMESTAMPTZ '2026-11-01' + c * interval '8 hours' + interval '1 minute' END,
                       CASE WHEN g %% 2 = 0 THEN TIMESTAMPTZ '2026-11-01' + c * interval '8 hours' + interval '2 minutes' END,
                       CASE WHEN g %% 2 = 1 THEN TIMESTAMPTZ '2026-11-01' + c * interval '8 hours' + interval '1 minute' END,
                       CASE WHEN g %% 2 = 1 THEN 131026 END, true, 'regular',
                       CASE WHEN c %% 10 = 3 THEN 'utility' ELSE 'marketing' END, 'PMP', now()
                  FROM generate_series(0, %d) c, generate_series(1, %d) g""".formatted(CAMPAIGNS - 1, MESSAGES));
        execute("""
                INSERT INTO webhook.pricing_analytics VALUES
                  ('2026-11-06', 'IN', 'MARKETING', 'REGULAR', 1000, 863.1, 'INR', now()),
                  ('2026-11-06', 'IN', 'UTILITY', 'REGULAR', 500, 57.5, 'INR', now())""");
        execute("ANALYZE webhook.message_status");
        execute("ANALYZE webhook.send_failure");
        execute("ANALYZE webhook.pricing_analytics");
        query("SELECT DISTINCT campaign_id FROM webhook.message_status ORDER BY 1").forEach(r -> campaigns.add((UUID) r.get("campaign_id")));
    }

    @Test
    void everyDashboardQueryReadsOneCampaignOrOnePeriodOfMessageStatus() throws IOException {
        DashboardQueriesTest.startEstimate(campaigns.get(13), "0.5", 500, "431.55");
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        UUID campaign = campaigns.get(13); // a utility campaign: its messages carry tier ordinals
        Map<String, Long> rowsRead = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (!target.has("rawSql")) {
                    continue;
                }
                String sql = DashboardQueriesTest.expand(target.path("rawSql").asText(), campaign, DAY_FROM, DAY_TO);
                JsonNode plan = new ObjectMapper().readTree(query("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                        .getFirst().values().iterator().next().toString());
                long slice = target.path("rawSql").asText().contains("$__time") ? CAMPAIGNS_A_DAY * MESSAGES : MESSAGES;
                long read = rowsRead(plan, "message_status");
                assertThat(read).as("rows of message_status read by \"%s\"", panel.path("title").asText())
                        .isLessThanOrEqualTo(READS_PER_SLICE * slice);
                rowsRead.merge(panel.path("title").asText(), read, Long::sum);
            }
        }
        assertThat(rowsRead).hasSize(9);
        assertThat(READS_PER_SLICE * CAMPAIGNS_A_DAY * MESSAGES).as("a slice read over and over is still less than the table")
                .isLessThan(CAMPAIGNS * MESSAGES);
    }

    @Test
    void theCheckSeesAQueryThatReadsTheWholeTable() throws IOException {
        JsonNode plan = new ObjectMapper().readTree(query("EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM webhook.message_status"
                + " WHERE error_code IS NULL").getFirst().values().iterator().next().toString());
        assertThat(rowsRead(plan, "message_status")).isEqualTo((long) CAMPAIGNS * MESSAGES);
    }

    /**
     * Rows a plan takes from {@code relation}: each scan node's rows out plus those its filter or
     * recheck removed, times its loops (per worker's share included in a parallel scan's totals).
     */
    private static long rowsRead(JsonNode node, String relation) {
        long rows = 0;
        if (node.isArray()) {
            for (JsonNode n : node) {
                rows += rowsRead(n, relation);
            }
            return rows;
        }
        if (relation.equals(node.path("Relation Name").asText())) {
            long loops = Math.max(1, node.path("Actual Loops").asLong());
            long perLoop = node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Index Recheck").asLong();
            rows += perLoop * loops;
        }
        if (node.has("Plan")) {
            rows += rowsRead(node.path("Plan"), relation);
        }
        if (node.has("Plans")) {
            rows += rowsRead(node.path("Plans"), relation);
        }
        return rows;
    }
}
