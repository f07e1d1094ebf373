package dev.sandesh.webhook.persistence;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V11's tier numbering: each tiered, charged message gets one ordinal on its market's monthly
 * counter, once, whatever the order its facts arrive in and however many transactions deliver at
 * the same time.
 */
@QuarkusTest
class TierOrdinalTest {

    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/sandesh_test";

    @BeforeEach
    void clean() {
        cleanTables();
    }

    @Test
    void aMessageIsNumberedOnceWhenItBecomesTieredChargedAndPlaced() {
        // sent first (not charged yet), then delivered without a market (status before outcome), then tied: numbered once
        execute(upsert("wamid.tier.1", "sent", null, "utility"));
        execute(upsert("wamid.tier.1", "delivered", null, "utility"));
        assertThat(ordinal("wamid.tier.1")).isNull();
        execute(upsert("wamid.tier.1", "delivered", "IN", "utility"));
        execute(upsert("wamid.tier.1", "read", "IN", "utility"));
        execute(upsert("wamid.tier.2", "delivered", "IN", "marketing"));
        execute(upsert("wamid.tier.3", "read", "IN", "authentication-international"));
        execute(upsert("wamid.tier.4", "delivered", "IN", "authentication"));
        assertThat(ordinal("wamid.tier.1")).isEqualTo(1L);
        assertThat(ordinal("wamid.tier.2")).as("marketing has no tiers").isNull();
        assertThat(ordinal("wamid.tier.3")).as("authentication-international counts with authentication").isEqualTo(1L);
        assertThat(ordinal("wamid.tier.4")).isEqualTo(2L);
        assertThat(query("SELECT tier_group, messages FROM webhook.tier_counter ORDER BY tier_group"))
                .extracting(r -> r.get("tier_group") + "=" + r.get("messages")).containsExactly("authentication=2", "utility=1");
    }

    @Test
    void concurrentDeliveriesGetDistinctOrdinalsWithoutDeadlocks() throws Exception {
        int transactions = 6;
        int rowsEach = 150;
        ExecutorService pool = Executors.newFixedThreadPool(transactions);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < transactions; t++) {
            int first = t * 100; // windows overlap: the same wamid upserted by two transactions at once
            done.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(JDBC_URL, "postgres", "postgres")) {
                    connection.setAutoCommit(false);
                    start.await(30, TimeUnit.SECONDS);
                    try (var statement = connection.createStatement()) {
                        // in wamid order, as MessageStatusWriter writes them
                        statement.execute("""
                                INSERT INTO webhook.message_status AS t (wamid, campaign_id, recipient_seq, country, status, delivered_at,
                                    billable, pricing_type, pricing_category, updated_at)
                                SELECT 'wamid.many.' || lpad(g::text, 6, '0'), gen_random_uuid(), g, CASE WHEN g %% 2 = 0 THEN 'IN' ELSE 'BR' END,
                                       'delivered', TIMESTAMPTZ '2026-11-20 10:00+00', true, 'regular', 'utility', now()
                                  FROM generate_series(%d, %d) g ORDER BY 1
                                ON CONFLICT (wamid) DO UPDATE SET status = 'read', read_at = now()""".formatted(first, first + rowsEach - 1));
                    }
                    connection.commit(); // numbering at commit, while the others still write or number theirs

                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long distinct = (transactions - 1) * 100L + rowsEach;
        for (String country : List.of("IN", "BR")) {
            var row = query("""
                    SELECT count(*) AS n, count(DISTINCT tier_ordinal) AS ordinals, min(tier_ordinal) AS lowest, max(tier_ordinal) AS highest
                      FROM webhook.message_status WHERE country = ?""", country).getFirst();
            assertThat(row.get("n")).isEqualTo(distinct / 2);
            assertThat(row).as(country).containsEntry("ordinals", distinct / 2).containsEntry("lowest", 1L).containsEntry("highest", distinct / 2);
            assertThat(query("SELECT messages FROM webhook.tier_counter WHERE country = ?", country).getFirst())
                    .containsEntry("messages", distinct / 2);
        }
    }

    private static Long ordinal(String wamid) {
        return (Long) query("SELECT tier_ordinal FROM webhook.message_status WHERE wamid = ?", wamid).getFirst().get("tier_ordinal");
    }

    /** One fact about {@code wamid}, merged as the writer merges (a later status or a known market wins). */
    private static String upsert(String wamid, String status, String country, String category) {
        String at = "TIMESTAMPTZ '2026-11-20 10:00+00'";
        return """
                INSERT INTO webhook.message_status AS t (wamid, country, status, sent_at, delivered_at, read_at, billable, pricing_type,
                    pricing_category, updated_at)
                VALUES ('%1$s', %2$s, '%3$s', %4$s, %5$s, %6$s, true, 'regular', '%7$s', now())
                ON CONFLICT (wamid) DO UPDATE SET status = EXCLUDED.status, country = COALESCE(t.country, EXCLUDED.country),
                    delivered_at = COALESCE(t.delivered_at, EXCLUDED.delivered_at), read_at = COALESCE(t.read_at, EXCLUDED.read_at)"""
                .formatted(wamid, country == null ? "NULL" : "'" + country + "'", status, at,
                        status.equals("sent") ? "NULL" : at, status.equals("read") ? at : "NULL", category);
    }
}
