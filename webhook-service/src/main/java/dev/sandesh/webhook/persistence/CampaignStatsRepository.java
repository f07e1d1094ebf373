package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.CampaignStats;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A campaign's numbers in one aggregate query over its rows (both tables are indexed by
 * campaign_id). Each recipient counts once: if it somehow has several wamids, its most advanced
 * one on the lattice; a no-wamid row only when the recipient has no wamid at all.
 */
@ApplicationScoped
public class CampaignStatsRepository {

    // timestamps leave the database as epoch microseconds so that no driver's idea of a time type matters
    private static final String STATS = """
            WITH by_wamid AS (
                SELECT DISTINCT ON (recipient_seq) recipient_seq, status AS state, error_code,
                       LEAST(accepted_at, sent_at, delivered_at, read_at, failed_at) AS first_at,
                       GREATEST(accepted_at, sent_at, delivered_at, read_at, failed_at) AS last_at
                  FROM webhook.message_status
                 WHERE campaign_id = $1
                 ORDER BY recipient_seq,
                          CASE status WHEN 'read' THEN 5 WHEN 'delivered' THEN 4 WHEN 'failed' THEN 3
                                      WHEN 'sent' THEN 2 ELSE 1 END DESC,
                          wamid
            ), by_recipient AS (
                SELECT state, error_code, first_at, last_at FROM by_wamid
                UNION ALL
                SELECT lower(f.result), f.error_code, f.recorded_at, f.recorded_at
                  FROM webhook.send_failure f
                 WHERE f.campaign_id = $1
                   AND NOT EXISTS (SELECT 1 FROM by_wamid w WHERE w.recipient_seq = f.recipient_seq)
            )
            SELECT state, error_code, count(*) AS n,
                   CAST(EXTRACT(EPOCH FROM min(first_at)) * 1000000 AS bigint) AS first_us,
                   CAST(EXTRACT(EPOCH FROM max(last_at)) * 1000000 AS bigint) AS last_us
              FROM by_recipient
             GROUP BY state, error_code""";

    private final Pool pool;

    CampaignStatsRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<CampaignStats> stats(UUID campaignId) {
        return pool.preparedQuery(STATS).execute(Tuple.of(campaignId)).map(rows -> toStats(campaignId, rows));
    }

    private static CampaignStats toStats(UUID campaignId, RowSet<Row> rows) {
        Map<String, Long> byState = new HashMap<>();
        Map<Integer, Long> failuresByCode = new HashMap<>();
        Long first = null;
        Long last = null;
        for (Row row : rows) {
            String state = row.getString("state");
            Integer code = row.getInteger("error_code");
            long count = row.getLong("n");
            byState.merge(state, count, Long::sum);
            if ("failed".equals(state) && code != null) {
                failuresByCode.merge(code, count, Long::sum);
            }
            Long firstAt = row.getLong("first_us");
            if (firstAt != null) {
                first = first == null ? firstAt : Math.min(first, firstAt);
            }
            Long lastAt = row.getLong("last_us");
            if (lastAt != null) {
                last = last == null ? lastAt : Math.max(last, lastAt);
            }
        }
        return new CampaignStats(campaignId,
                byState.getOrDefault("accepted", 0L),
                byState.getOrDefault("sent", 0L),
                byState.getOrDefault("delivered", 0L),
                byState.getOrDefault("read", 0L),
                byState.getOrDefault("failed", 0L),
                byState.getOrDefault("unknown", 0L),
                byState.getOrDefault("halted", 0L),
                failuresByCode,
                micros(first),
                micros(last));
    }

    private static Instant micros(Long epochMicros) {
        return epochMicros == null ? null : Instant.EPOCH.plusNanos(Math.multiplyExact(epochMicros, 1000L));
    }
}
