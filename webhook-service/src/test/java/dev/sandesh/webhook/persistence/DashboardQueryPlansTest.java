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
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's per-campaign panels read one campaign's rows of message_status, not the table:
 * EXPLAIN (FORMAT JSON) of each, expanded as Grafana runs it, over 60 campaigns x 1,000 messages
 * (a tenth of them utility, so the tiered branch of billable_message has rows), after ANALYZE, with
 * the planner's defaults. "Through each provider" and "Cost per delivered message" read
 * campaign_provider_cost, whose CTEs are materialised for every campaign (webhook-service/REFERENCE.md,
 * "Dashboard query plans"): not checked here until that view is rewritten.
 */
@QuarkusTest
class DashboardQueryPlansTest {

    private static final Path DASHBOARD = Path.of("../k8s/base/grafana/sandesh-cost.json");
    /** Paid to Meta, Failures by code, Estimate vs actual. */
    private static final Set<Integer> PER_CAMPAIGN = Set.of(1, 4, 14);

    private final List<UUID> campaigns = new ArrayList<>();

    @BeforeEach
    void seedManyCampaigns() {
        cleanTables();
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, accepted_at, sent_at, delivered_at,
                    read_at, failed_at, error_code, billable, pricing_type, pricing_category, pricing_model, updated_at)
                SELECT 'wamid.plan.' || c || '.' || g, md5('plan' || c)::uuid, g, 'IN',
                       CASE WHEN g % 2 = 0 THEN 'read' ELSE 'failed' END,
                       TIMESTAMPTZ '2026-11-01' + c * interval '8 hours', TIMESTAMPTZ '2026-11-01' + c * interval '8 hours',
                       CASE WHEN g % 2 = 0 THEN TIMESTAMPTZ '2026-11-01' + c * interval '8 hours' + interval '1 minute' END,
                       CASE WHEN g % 2 = 0 THEN TIMESTAMPTZ '2026-11-01' + c * interval '8 hours' + interval '2 minutes' END,
                       CASE WHEN g % 2 = 1 THEN TIMESTAMPTZ '2026-11-01' + c * interval '8 hours' + interval '1 minute' END,
                       CASE WHEN g % 2 = 1 THEN 131026 END, true, 'regular',
                       CASE WHEN c % 10 = 3 THEN 'utility' ELSE 'marketing' END, 'PMP', now()
                  FROM generate_series(0, 59) c, generate_series(1, 1000) g""");
        execute("ANALYZE webhook.message_status");
        execute("ANALYZE webhook.send_failure");
        query("SELECT DISTINCT campaign_id FROM webhook.message_status ORDER BY 1").forEach(r -> campaigns.add((UUID) r.get("campaign_id")));
    }

    @Test
    void perCampaignPanelsNeverScanAllOfMessageStatus() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        UUID campaign = campaigns.get(17);
        List<String> checked = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!PER_CAMPAIGN.contains(panel.path("id").asInt())) {
                continue;
            }
            for (JsonNode target : panel.path("targets")) {
                String plan = query("EXPLAIN (FORMAT JSON) " + DashboardQueriesTest.expand(target.path("rawSql").asText(), campaign))
                        .getFirst().values().iterator().next().toString();
                List<String> scans = new ArrayList<>();
                seqScans(new ObjectMapper().readTree(plan), scans);
                assertThat(scans).as("sequential scans in the plan of \"%s\"", panel.path("title").asText()).doesNotContain("message_status");
                checked.add(panel.path("title").asText());
            }
        }
        assertThat(checked).containsExactlyInAnyOrder("Paid to Meta", "Failures by code: free at Meta, charged there", "Estimate vs actual");
    }

    /** The relations a plan reads by Seq Scan (Parallel Seq Scan included). */
    private static void seqScans(JsonNode node, List<String> relations) {
        if (node.isArray()) {
            node.forEach(n -> seqScans(n, relations));
            return;
        }
        if (node.path("Node Type").asText().endsWith("Seq Scan")) {
            relations.add(node.path("Relation Name").asText());
        }
        if (node.has("Plan")) {
            seqScans(node.path("Plan"), relations);
        }
        if (node.has("Plans")) {
            seqScans(node.path("Plans"), relations);
        }
    }
}
