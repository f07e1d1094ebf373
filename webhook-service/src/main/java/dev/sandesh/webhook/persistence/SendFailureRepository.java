package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code send_failure}: recipients whose send never got a wamid (FAILED, UNKNOWN, HALTED), one
 * row per (campaign, recipient). A redelivered outcome carrying the same facts changes nothing;
 * one rebuilt from a ledger that has since changed replaces them (the sender's ledger is the truth).
 */
@ApplicationScoped
public class SendFailureRepository {

    private static final String UPSERT = """
            INSERT INTO {h-schema}send_failure (campaign_id, recipient_seq, country, result, error_code, error_title, recorded_at)
            VALUES (:campaignId, :recipientSeq, :country, :result, :errorCode, :errorTitle, :recordedAt)
            ON CONFLICT (campaign_id, recipient_seq) DO UPDATE
               SET country = EXCLUDED.country, result = EXCLUDED.result,
                   error_code = EXCLUDED.error_code, error_title = EXCLUDED.error_title
             WHERE (send_failure.country, send_failure.result, send_failure.error_code, send_failure.error_title)
                   IS DISTINCT FROM (EXCLUDED.country, EXCLUDED.result, EXCLUDED.error_code, EXCLUDED.error_title)""";

    /** Must run inside a transaction. @return whether a row was written */
    public Uni<Boolean> record(UUID campaignId, RecipientOutcome outcome, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("campaignId", campaignId)
                .setParameter("recipientSeq", outcome.sequence())
                .setParameter("country", outcome.country())
                .setParameter("result", outcome.result().name())
                .setParameter("errorCode", outcome.errorCode())
                .setParameter("errorTitle", outcome.errorTitle())
                .setParameter("recordedAt", now)
                .executeUpdate()
                .map(rows -> rows > 0));
    }
}
