package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code send_failure}: recipients whose send never got a wamid (FAILED, UNKNOWN, HALTED), one
 * row per (campaign, recipient). A redelivered outcome carrying the same facts changes nothing;
 * one rebuilt from a ledger that has since changed replaces them (the sender's ledger is the truth).
 */
@ApplicationScoped
public class SendFailureRepository {

    private static final String UPSERT = """
            INSERT INTO webhook.send_failure (campaign_id, recipient_seq, country, result, error_code, error_title, recorded_at)
            SELECT $1, u.*, $7 FROM unnest($2::int8[], $3::text[], $4::text[], $5::int4[], $6::text[]) AS u
            ON CONFLICT (campaign_id, recipient_seq) DO UPDATE
               SET country = EXCLUDED.country, result = EXCLUDED.result,
                   error_code = EXCLUDED.error_code, error_title = EXCLUDED.error_title
             WHERE (send_failure.country, send_failure.result, send_failure.error_code, send_failure.error_title)
                   IS DISTINCT FROM (EXCLUDED.country, EXCLUDED.result, EXCLUDED.error_code, EXCLUDED.error_title)""";

    /** Records {@code failures} of one campaign in the caller's transaction. @return rows written */
    public Uni<Integer> record(SqlConnection connection, UUID campaignId, List<RecipientOutcome> failures, Instant now) {
        if (failures.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<RecipientOutcome> sorted = failures.stream().sorted(Comparator.comparingLong(RecipientOutcome::sequence)).toList();
        int n = sorted.size();
        Long[] seq = new Long[n];
        String[] country = new String[n];
        String[] result = new String[n];
        Integer[] code = new Integer[n];
        String[] title = new String[n];
        for (int i = 0; i < n; i++) {
            RecipientOutcome r = sorted.get(i);
            seq[i] = r.sequence();
            country[i] = r.country();
            result[i] = r.result().name();
            code[i] = r.errorCode();
            title[i] = r.errorTitle();
        }
        return connection.preparedQuery(UPSERT)
                .execute(Tuple.from(List.<Object>of(campaignId, seq, country, result, code, title, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))))
                .map(rows -> rows.rowCount());
    }
}
