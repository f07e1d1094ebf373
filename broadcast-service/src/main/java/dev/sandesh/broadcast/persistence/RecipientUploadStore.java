package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.AudienceEntry;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.broadcast.domain.ScreenedRecipient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Adds a stream of recipients to a DRAFT campaign in constant memory: entries are screened one by
 * one (number, parameter count), written {@value CampaignStore#ROWS_PER_INSERT} per statement
 * while the next chunk is read, and duplicates and opt-outs are then decided in SQL over the
 * whole campaign, so no set of numbers is ever held in memory. All of it is one transaction,
 * holding the campaign row's lock: a failed upload leaves nothing, two uploads cannot interleave.
 *
 * <p>Blocking: call it from a worker thread (it reads the request body as it arrives).
 */
@ApplicationScoped
public class RecipientUploadStore {

    private static final String LOCK = """
            SELECT state, phone_number_id, template_name, template_language, template_components, recipients,
                   EXISTS (SELECT 1 FROM broadcast.campaign_window w WHERE w.campaign_id = c.id) AS start_attempted
            FROM broadcast.campaign c WHERE id = $1 FOR UPDATE
            """;

    /** Later copies of a number anywhere in the campaign are duplicates of its first (lowest sequence). */
    private static final String DUPLICATES = """
            UPDATE broadcast.recipient r
            SET rejection_reason = 'DUPLICATE', rejection_detail = 'same number as recipient ' || f.first
            FROM (SELECT phone_e164, min(sequence) AS first FROM broadcast.recipient
                  WHERE campaign_id = $1 AND phone_e164 IS NOT NULL GROUP BY phone_e164 HAVING count(*) > 1) f
            WHERE r.campaign_id = $1 AND r.sequence >= $2 AND r.phone_e164 = f.phone_e164 AND r.sequence > f.first
            """;

    private static final String OPTED_OUT = """
            UPDATE broadcast.recipient r
            SET rejection_reason = 'OPTED_OUT', rejection_detail = 'the person opted out of our messages'
            FROM broadcast.opt_out o, broadcast.campaign c
            WHERE r.campaign_id = $1 AND r.sequence >= $2 AND r.phone_e164 = o.subject
              AND c.id = $1 AND o.phone_number_id IN (c.phone_number_id, '*')
              AND (o.scope = 'ALL' OR upper(c.template_category) = 'MARKETING')
              AND (r.rejection_reason IS NULL OR r.rejection_reason IN ('PARAMETER_COUNT', 'MISSING_VARIABLE', 'INVALID_PARAMETER'))
            """;

    private static final String RECOUNT = """
            UPDATE broadcast.campaign c
            SET recipients = s.total, valid = s.valid, rejected = s.total - s.valid,
                rejected_invalid = s.invalid, rejected_duplicate = s.duplicate, rejected_opted_out = s.opted_out,
                rejected_parameters = s.parameters, rejected_missing_variable = s.missing_variable,
                rejected_invalid_parameter = s.invalid_parameter, updated_at = $2
            FROM (SELECT count(*) AS total,
                         count(*) FILTER (WHERE rejection_reason IS NULL) AS valid,
                         count(*) FILTER (WHERE rejection_reason = 'INVALID_NUMBER') AS invalid,
                         count(*) FILTER (WHERE rejection_reason = 'DUPLICATE') AS duplicate,
                         count(*) FILTER (WHERE rejection_reason = 'OPTED_OUT') AS opted_out,
                         count(*) FILTER (WHERE rejection_reason = 'PARAMETER_COUNT') AS parameters,
                         count(*) FILTER (WHERE rejection_reason = 'MISSING_VARIABLE') AS missing_variable,
                         count(*) FILTER (WHERE rejection_reason = 'INVALID_PARAMETER') AS invalid_parameter
                  FROM broadcast.recipient WHERE campaign_id = $1) s
            WHERE c.id = $1
            """;

    private static final String UPLOAD_COUNTS = """
            SELECT rejection_reason, count(*) AS n FROM broadcast.recipient WHERE campaign_id = $1 AND sequence >= $2 GROUP BY 1
            """;

    private final Pool pool;
    private final CampaignStore store;

    public RecipientUploadStore(Pool pool, CampaignStore store) {
        this.pool = pool;
        this.store = store;
    }

    /** The campaign as the upload found it (locked). */
    /** @param startAttempted a start began (its release plan exists): the audience is fixed */
    /** @param templateComponents the campaign's effective template.components as JSON text, or null */
    public record Target(UUID id, String state, String phoneNumberId, String templateName, String templateLanguage,
                         String templateComponents, long recipients, boolean startAttempted) {
    }

    /** The next recipient of the stream, or null at its end. */
    public interface Source {
        AudienceEntry next() throws IOException;
    }

    /** Checks the locked campaign may take recipients; throws to abort (nothing is written). */
    public interface Admission {
        void check(Target target);
    }

    /** Screens one entry by itself (number, parameters). */
    public interface Screen {
        ScreenedRecipient screen(long sequence, AudienceEntry entry);
    }

    /**
     * @param firstSequence the sequence of this upload's first recipient
     * @param received      recipients in this upload
     * @param valid         of which valid
     * @param rejected      of which rejected, by reason (every reason present)
     */
    public record Uploaded(long firstSequence, long received, long valid, Map<RejectionReason, Long> rejected) {
    }

    /** @return null when the campaign does not exist */
    public Uploaded upload(UUID campaignId, Admission admission, Screen screen, Source source, Instant now) throws IOException {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        Transaction tx = null;
        try {
            tx = connection.begin().await().indefinitely();
            RowSet<Row> locked = connection.preparedQuery(LOCK).execute(Tuple.of(campaignId)).await().indefinitely();
            if (locked.size() == 0) {
                tx.rollback().await().indefinitely();
                return null;
            }
            Row row = locked.iterator().next();
            Target target = new Target(campaignId, row.getString("state"), row.getString("phone_number_id"),
                    row.getString("template_name"), row.getString("template_language"), row.getString("template_components"),
                    row.getInteger("recipients"), row.getBoolean("start_attempted"));
            admission.check(target);

            long first = target.recipients();
            long sequence = first;
            CompletableFuture<?> pending = CompletableFuture.completedFuture(null);
            List<ScreenedRecipient> chunk = new ArrayList<>(CampaignStore.ROWS_PER_INSERT);
            AudienceEntry entry;
            while ((entry = source.next()) != null) {
                chunk.add(screen.screen(sequence++, entry));
                if (chunk.size() == CampaignStore.ROWS_PER_INSERT) {
                    pending.join();
                    pending = insert(connection, campaignId, chunk);
                    chunk = new ArrayList<>(CampaignStore.ROWS_PER_INSERT);
                }
            }
            pending.join();
            if (!chunk.isEmpty()) {
                insert(connection, campaignId, chunk).join();
            }
            if (sequence > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a campaign holds at most " + Integer.MAX_VALUE + " recipients");
            }
            connection.preparedQuery(DUPLICATES).execute(Tuple.of(campaignId, first)).await().indefinitely();
            connection.preparedQuery(OPTED_OUT).execute(Tuple.of(campaignId, first)).await().indefinitely();
            connection.preparedQuery(RECOUNT).execute(Tuple.of(campaignId, now.atOffset(ZoneOffset.UTC))).await().indefinitely();
            Map<RejectionReason, Long> rejected = new EnumMap<>(RejectionReason.class);
            for (RejectionReason reason : RejectionReason.values()) {
                rejected.put(reason, 0L);
            }
            long valid = 0;
            for (Row count : connection.preparedQuery(UPLOAD_COUNTS).execute(Tuple.of(campaignId, first)).await().indefinitely()) {
                String reason = count.getString("rejection_reason");
                if (reason == null) {
                    valid = count.getLong("n");
                } else {
                    rejected.put(RejectionReason.valueOf(reason), count.getLong("n"));
                }
            }
            tx.commit().await().indefinitely();
            tx = null;
            return new Uploaded(first, sequence - first, valid, rejected);
        } catch (RuntimeException | IOException e) {
            if (tx != null) {
                try {
                    tx.rollback().await().indefinitely();
                } catch (RuntimeException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
            }
            throw e;
        } finally {
            connection.close().await().indefinitely();
        }
    }

    private CompletableFuture<?> insert(SqlConnection connection, UUID campaignId, List<ScreenedRecipient> chunk) {
        return connection.preparedQuery(CampaignStore.INSERT_RECIPIENTS).execute(store.recipientColumns(campaignId, chunk))
                .subscribeAsCompletionStage();
    }
}
