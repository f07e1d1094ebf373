package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.CampaignStats;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A campaign's numbers in one aggregate query over its rows (both tables are indexed by
 * campaign_id). Each recipient counts once: if it somehow has several wamids, its most advanced
 * one on the lattice; a no-wamid row only when the recipient has no wamid at all. A native query on
 * the Panache session ({@code DISTINCT ON} and the union have no HQL form); needs a session (the
 * resource method's).
 */
@ApplicationScoped
public class CampaignStatsRepository {

    // ?2 quietBefore: a recipient in accepted/sent whose latest timestamp (the outcome's for accepted,
    // Meta's for sent) is older counts as quiet, and so does an UNKNOWN send recorded before it.
    // ?3 haltedSince: HALTED sends recorded before it were released by a resume (sender-service
    // deleted their ledger rows so that the re-published batches send them): they are not halted any
    // more but queued, until their new outcome replaces them. Never null (EPOCH when not asked).
    // No new index: both tables are read by campaign_id already (message_status_campaign_idx, the
    // send_failure primary key); the FILTERs are evaluated on the rows that aggregate reads anyway.
    private static final String STATS = """
            WITH by_wamid AS (
                SELECT DISTINCT ON (recipient_seq) recipient_seq, status AS state, error_code, held,
                       LEAST(accepted_at, sent_at, delivered_at, read_at, failed_at) AS first_at,
                       GREATEST(accepted_at, sent_at, delivered_at, read_at, failed_at) AS last_at
                  FROM webhook.message_status
                 WHERE campaign_id = ?1
                 ORDER BY recipient_seq,
                          CASE status WHEN 'read' THEN 5 WHEN 'delivered' THEN 4 WHEN 'failed' THEN 3
                                      WHEN 'sent' THEN 2 ELSE 1 END DESC,
                          wamid
            ), by_recipient AS (
                SELECT state, error_code, first_at, last_at, held FROM by_wamid
                UNION ALL
                SELECT lower(f.result), f.error_code, f.recorded_at, f.recorded_at, false
                  FROM webhook.send_failure f
                 WHERE f.campaign_id = ?1
                   AND NOT (f.result = 'HALTED' AND f.recorded_at < CAST(?3 AS timestamptz))
                   AND NOT EXISTS (SELECT 1 FROM by_wamid w WHERE w.recipient_seq = f.recipient_seq)
            )
            SELECT state, error_code, count(*) AS n, %s AS first_us, %s AS last_us,
                   count(*) FILTER (WHERE state IN ('accepted', 'sent', 'unknown') AND last_at < CAST(?2 AS timestamptz)) AS quiet,
                   count(*) FILTER (WHERE state = 'accepted' AND held) AS held,
                   (SELECT count(DISTINCT r.recipient_seq) FROM webhook.reply r WHERE r.campaign_id = ?1) AS replied
              FROM by_recipient
             GROUP BY state, error_code""".formatted(NativeQueries.epochMicros("min(first_at)"), NativeQueries.epochMicros("max(last_at)"));

    /** Before every timestamp Sandesh can hold: nothing is quiet, no halt is released. */
    private static final Instant NEVER = Instant.EPOCH;

    public Uni<CampaignStats> stats(UUID campaignId) {
        return stats(campaignId, null, null);
    }

    /**
     * @param quietBefore count accepted/sent/UNKNOWN recipients with no news since this instant as quiet; null for none
     * @param haltedSince count only HALTED sends recorded at or after this instant (the campaign's last resume); null for all
     */
    public Uni<CampaignStats> stats(UUID campaignId, Instant quietBefore, Instant haltedSince) {
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(STATS, Object[].class), campaignId,
                        (quietBefore == null ? NEVER : quietBefore).atOffset(ZoneOffset.UTC),
                        (haltedSince == null ? NEVER : haltedSince).atOffset(ZoneOffset.UTC)).getResultList())
                .map(rows -> toStats(campaignId, rows));
    }

    private static CampaignStats toStats(UUID campaignId, List<Object[]> rows) {
        Map<String, Long> byState = new HashMap<>();
        Map<String, Long> quietByState = new HashMap<>();
        Map<Integer, Long> failuresByCode = new HashMap<>();
        Long first = null;
        Long last = null;
        long held = 0; // accepted, Meta answered held_for_quality_assessment, no status since (V9)
        long replied = 0; // distinct recipients with a reply tied to them (V9)
        for (Object[] row : rows) {
            held += ((Number) row[6]).longValue();
            replied = ((Number) row[7]).longValue();
            String state = (String) row[0];
            Integer code = row[1] == null ? null : ((Number) row[1]).intValue();
            long count = ((Number) row[2]).longValue();
            byState.merge(state, count, Long::sum);
            quietByState.merge(state, ((Number) row[5]).longValue(), Long::sum);
            if ("failed".equals(state) && code != null) {
                failuresByCode.merge(code, count, Long::sum);
            }
            Long firstAt = row[3] == null ? null : ((Number) row[3]).longValue();
            if (firstAt != null) {
                first = first == null ? firstAt : Math.min(first, firstAt);
            }
            Long lastAt = row[4] == null ? null : ((Number) row[4]).longValue();
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
                NativeQueries.fromEpochMicros(first),
                NativeQueries.fromEpochMicros(last),
                replied, held,
                quietByState.getOrDefault("accepted", 0L),
                quietByState.getOrDefault("sent", 0L),
                quietByState.getOrDefault("unknown", 0L));
    }
}
