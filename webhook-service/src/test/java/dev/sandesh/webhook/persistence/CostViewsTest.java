package dev.sandesh.webhook.persistence;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

/** The SQL views the Grafana cost panel reads, over the rate card loaded at start from contracts. */
@QuarkusTest
class CostViewsTest {

    @BeforeEach
    void clean() {
        cleanTables();
    }

    @Test
    void theShippedRateCardAndTwilioFeesAreLoadedAtStart() {
        assertThat(query("SELECT price, currency FROM webhook.rate_card WHERE country = 'IN' AND category = 'marketing' AND effective_from = '2026-01-01'"))
                .singleElement().satisfies(row -> {
                    assertThat((BigDecimal) row.get("price")).isEqualByComparingTo("0.8631");
                    assertThat(row).containsEntry("currency", "INR");
                });
        assertThat(query("SELECT per_message, per_failed, currency FROM webhook.third_party_fees WHERE provider = 'twilio'"))
                .singleElement().satisfies(row -> {
                    assertThat((BigDecimal) row.get("per_message")).isEqualByComparingTo("0.005");
                    assertThat((BigDecimal) row.get("per_failed")).isEqualByComparingTo("0.001");
                });
    }

    @Test
    void aCampaignIsPricedPerDeliveredBillableMessageWithTheRateInForceThatDay() {
        UUID campaign = UUID.randomUUID();
        // delivered (or read) billable marketing to India, before and after the 1 Jan 2026 price change
        row(campaign, 1, "delivered", "2025-12-31 10:00+00", null, true, "regular", "marketing");
        row(campaign, 2, "read", "2026-01-02 10:00+00", "2026-01-02 10:05+00", true, "regular", "marketing");
        row(campaign, 3, "read", null, "2026-01-02 11:00+00", null, null, "marketing"); // delivered skipped, billable deprecated
        // not charged: free entry point, not billable, failed, only sent
        row(campaign, 4, "delivered", "2026-01-02 10:00+00", null, true, "free_entry_point", "marketing");
        row(campaign, 5, "delivered", "2026-01-02 10:00+00", null, false, "regular", "utility");
        row(campaign, 6, "failed", null, null, null, null, null);
        row(campaign, 7, "sent", null, null, true, "regular", "marketing");
        execute("INSERT INTO webhook.send_failure VALUES ('" + campaign + "', 8, 'IN', 'FAILED', 131026, 'x', now())");
        execute("INSERT INTO webhook.send_failure VALUES ('" + campaign + "', 9, 'IN', 'HALTED', null, null, now())");

        List<Map<String, Object>> daily = query("""
                SELECT day::text AS day, country, category, billable_delivered, unit_price, cost
                  FROM webhook.campaign_cost_daily WHERE campaign_id = ? ORDER BY day""", campaign);
        assertThat(daily).hasSize(2);
        assertThat(daily.get(0)).containsEntry("day", "2025-12-31").containsEntry("billable_delivered", 1L);
        assertThat((BigDecimal) daily.get(0).get("unit_price")).isEqualByComparingTo("0.7846");
        assertThat(daily.get(1)).containsEntry("day", "2026-01-02").containsEntry("country", "IN").containsEntry("billable_delivered", 2L);
        assertThat((BigDecimal) daily.get(1).get("cost")).isEqualByComparingTo("1.7262");

        Map<String, Object> cost = query("SELECT * FROM webhook.campaign_cost WHERE campaign_id = ?", campaign).getFirst();
        assertThat(cost).containsEntry("meta_currency", "INR").containsEntry("third_party", "twilio");
        assertThat((BigDecimal) cost.get("billable_delivered")).isEqualByComparingTo("3");
        assertThat((BigDecimal) cost.get("meta_cost")).isEqualByComparingTo("2.5108");
        // attempts: 7 wamids + 1 refused send (the halted one was never attempted); failed: 1 + 1
        assertThat(cost).containsEntry("attempted", 8L).containsEntry("failed", 2L);
        assertThat((BigDecimal) cost.get("third_party_fees")).isEqualByComparingTo("0.042");
    }

    private static void row(UUID campaign, long seq, String status, String deliveredAt, String readAt,
                            Boolean billable, String pricingType, String category) {
        execute("""
                INSERT INTO webhook.message_status (wamid, campaign_id, recipient_seq, country, status, delivered_at, read_at,
                    billable, pricing_type, pricing_category, updated_at)
                VALUES ('wamid.cost.%s', '%s', %d, 'IN', '%s', %s, %s, %s, %s, %s, now())""".formatted(
                UUID.randomUUID(), campaign, seq, status, literal(deliveredAt), literal(readAt), billable,
                literal(pricingType), literal(category)));
    }

    private static String literal(String value) {
        return value == null ? "NULL" : "'" + value + "'";
    }
}
