package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code send_failure} ({@link SendFailure}): recipients whose send never got a wamid (FAILED,
 * UNKNOWN, HALTED), one row per (campaign, recipient). A redelivered outcome carrying the same facts
 * changes nothing; one rebuilt from a ledger that has since changed replaces them (the sender's
 * ledger is the truth). Resuming a halted campaign re-sends its HALTED recipients: their new
 * outcome (FAILED, UNKNOWN, or HALTED again while the cause lasts) replaces the halt and stamps
 * {@code recorded_at} anew, which is what the stats' {@code haltedSince} compares (a HALTED row
 * recorded before the resume is a released one); an ACCEPTED one gets a message_status row, which
 * the stats prefer to this row. A ledger never goes from FAILED to HALTED, so a late copy of an old
 * HALTED outcome never replaces a FAILED one. One multi-row upsert per outcome, one array parameter
 * per column.
 */
@ApplicationScoped
public class SendFailureRepository {

    private static final String UPSERT = """
            INSERT INTO webhook.send_failure (campaign_id, recipient_seq, country, result, error_code, error_title, recorded_at)
            SELECT CAST(?1 AS uuid), u.*, CAST(?7 AS timestamptz)
              FROM unnest(CAST(?2 AS int8[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS int4[]), CAST(?6 AS text[])) AS u
            ON CONFLICT (campaign_id, recipient_seq) DO UPDATE
               SET country = EXCLUDED.country, result = EXCLUDED.result,
                   error_code = EXCLUDED.error_code, error_title = EXCLUDED.error_title,
                   recorded_at = CASE WHEN send_failure.result <> EXCLUDED.result OR EXCLUDED.result = 'HALTED'
                                      THEN EXCLUDED.recorded_at ELSE send_failure.recorded_at END
             WHERE ((send_failure.country, send_failure.result, send_failure.error_code, send_failure.error_title)
                    IS DISTINCT FROM (EXCLUDED.country, EXCLUDED.result, EXCLUDED.error_code, EXCLUDED.error_title)
                    OR EXCLUDED.result = 'HALTED')
               AND NOT (EXCLUDED.result = 'HALTED' AND send_failure.result = 'FAILED')""";

    /** ?2..?6 of {@link #UPSERT}. */
    private static final ArrayColumns<RecipientOutcome> COLUMNS = new ArrayColumns<RecipientOutcome>()
            .column(Long[]::new, RecipientOutcome::sequence)
            .column(String[]::new, RecipientOutcome::country)
            .column(String[]::new, r -> r.result().name())
            .column(Integer[]::new, RecipientOutcome::errorCode)
            .column(String[]::new, RecipientOutcome::errorTitle);

    /** Records {@code failures} of one campaign in the current {@code Panache.withTransaction}. @return rows written */
    public Uni<Integer> record(UUID campaignId, List<RecipientOutcome> failures, Instant now) {
        if (failures.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<RecipientOutcome> sorted = failures.stream().sorted(Comparator.comparingLong(RecipientOutcome::sequence)).toList();
        List<Object> params = new ArrayList<>();
        params.add(campaignId);
        params.addAll(COLUMNS.arrays(sorted));
        params.add(now);
        return Panache.getSession().chain(session -> NativeQueries.bind(session.createNativeQuery(UPSERT), params.toArray()).executeUpdate());
    }
}
