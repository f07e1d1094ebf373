package dev.sandesh.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * A campaign's recipients that have an outcome, in sequence order, a keyset page at a time:
 * {@code message_status} rows tied to the campaign (index {@code (campaign_id, recipient_seq)}) and
 * {@code send_failure} rows (primary key {@code (campaign_id, recipient_seq)}), merged in sequence
 * order. Each recipient appears once, as {@link CampaignStatsRepository} counts it: its most advanced
 * wamid on the lattice, or its failed send when it has no wamid at all; the state filter applies to
 * that current state; each carries its last reply (V9 {@code reply}, index {@code (campaign_id, recipient_seq, at)}). A message's error shows only while it is {@code failed} (a failure that came
 * after a delivery is kept on the row, but the recipient was reached). A native query on the Panache session ({@code DISTINCT ON} and the ordered
 * union have no HQL form); needs a session (the resource method's).
 */
@ApplicationScoped
public class CampaignRecipientsRepository {

    private static final String PAGE = """
            WITH by_wamid AS (
                SELECT DISTINCT ON (recipient_seq) recipient_seq, upper(status) AS state, wamid,
                       CASE WHEN status = 'failed' THEN error_code END AS error_code,
                       CASE WHEN status = 'failed' THEN error_title END AS error_title,
                       COALESCE(CASE status WHEN 'failed' THEN failed_at WHEN 'read' THEN read_at
                                            WHEN 'delivered' THEN delivered_at WHEN 'sent' THEN sent_at
                                            ELSE accepted_at END, updated_at) AS entered_at
                  FROM webhook.message_status
                 WHERE campaign_id = :campaign AND recipient_seq > :after
                 ORDER BY recipient_seq,
                          CASE status WHEN 'read' THEN 5 WHEN 'delivered' THEN 4 WHEN 'failed' THEN 3
                                      WHEN 'sent' THEN 2 ELSE 1 END DESC,
                          wamid
            ), recipients AS (
                SELECT recipient_seq, state, wamid, error_code, error_title, entered_at FROM by_wamid
                UNION ALL
                SELECT f.recipient_seq, f.result, NULL, f.error_code, f.error_title, f.recorded_at
                  FROM webhook.send_failure f
                 WHERE f.campaign_id = :campaign AND f.recipient_seq > :after
                   AND NOT EXISTS (SELECT 1 FROM webhook.message_status m
                                    WHERE m.campaign_id = :campaign AND m.recipient_seq = f.recipient_seq)
            )
            SELECT x.recipient_seq, x.state, x.wamid, x.error_code, x.error_title, x.entered_us,
                   r.kind, r.text, r.payload, %s AS replied_us
              FROM (SELECT recipient_seq, state, wamid, error_code, error_title, %s AS entered_us
                      FROM recipients
                     WHERE true %s
                     ORDER BY recipient_seq
                     LIMIT :limit) AS x
              LEFT JOIN LATERAL (SELECT kind, text, payload, at FROM webhook.reply
                                  WHERE campaign_id = :campaign AND recipient_seq = x.recipient_seq
                                  ORDER BY at DESC, message_id DESC LIMIT 1) AS r ON true
             ORDER BY x.recipient_seq""";

    /**
     * Recipients with a sequence above {@code after}, at most {@code limit}, ascending.
     *
     * @param state     only recipients currently in this state (upper case), or null
     * @param errorCode only recipients with this error code, or null
     */
    public Uni<List<CampaignRecipient>> page(UUID campaignId, long after, int limit, String state, Integer errorCode) {
        String filters = (state == null ? "" : " AND state = :state") + (errorCode == null ? "" : " AND error_code = :code");
        String sql = PAGE.formatted(NativeQueries.epochMicros("r.at"), NativeQueries.epochMicros("entered_at"), filters);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class)
                    .setParameter("campaign", campaignId)
                    .setParameter("after", after)
                    .setParameter("limit", limit);
            if (state != null) {
                query.setParameter("state", state);
            }
            if (errorCode != null) {
                query.setParameter("code", errorCode);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(CampaignRecipientsRepository::recipient).toList());
    }

    private static CampaignRecipient recipient(Object[] row) {
        CampaignRecipient.Reply reply = row[6] == null ? null
                : new CampaignRecipient.Reply((String) row[6], (String) row[7], (String) row[8], NativeQueries.fromEpochMicros(row[9]));
        return new CampaignRecipient(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                row[3] == null ? null : ((Number) row[3]).intValue(), (String) row[4], NativeQueries.fromEpochMicros(row[5]), reply);
    }
}
