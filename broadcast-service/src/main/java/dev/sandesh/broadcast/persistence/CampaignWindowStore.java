package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.MessagingLimit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Release windows of campaigns, and how much of a number's messaging limit the last 24 h used. */
@ApplicationScoped
public class CampaignWindowStore {

    private static final String COLUMNS = "number, release_at, recipients, after_sequence, last_sequence, first_batch, batches, released_at";

    /**
     * Unique valid numbers in windows released in the last 24 h from this phone number: Meta's
     * limit counts people, so the same person in two campaigns counts once.
     */
    private static final String USED = """
            SELECT count(DISTINCT r.phone_e164) AS used
            FROM broadcast.campaign_window w
            JOIN broadcast.campaign c ON c.id = w.campaign_id
            JOIN broadcast.recipient r ON r.campaign_id = w.campaign_id
                 AND r.sequence > w.after_sequence AND r.sequence <= w.last_sequence AND r.rejection_reason IS NULL
            WHERE c.phone_number_id = $1 AND w.released_at > $2
            """;

    private static final String DUE = """
            SELECT DISTINCT w.campaign_id FROM broadcast.campaign_window w
            JOIN broadcast.campaign c ON c.id = w.campaign_id
            WHERE w.released_at IS NULL AND w.release_at <= $1 AND c.state = 'RUNNING'
            LIMIT 100
            """;

    private final Pool pool;

    public CampaignWindowStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<CampaignWindow>> windows(UUID campaignId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM broadcast.campaign_window WHERE campaign_id = $1 ORDER BY number")
                .execute(Tuple.of(campaignId))
                .map(rows -> {
                    List<CampaignWindow> windows = new ArrayList<>();
                    for (Row row : rows) {
                        windows.add(new CampaignWindow(row.getInteger("number"), instant(row, "release_at"), row.getLong("recipients"),
                                row.getLong("after_sequence"), row.getLong("last_sequence"), row.getInteger("first_batch"),
                                row.getInteger("batches"), instant(row, "released_at")));
                    }
                    return windows;
                });
    }

    /** Stores a plan; a plan stored before (a retried start) is kept as it is. */
    public Uni<Void> plan(UUID campaignId, List<MessagingLimit.Window> windows) {
        List<Tuple> rows = windows.stream()
                .map(w -> Tuple.of(campaignId, w.number(), w.releaseAt().atOffset(ZoneOffset.UTC), (int) w.recipients()))
                .toList();
        return pool.preparedQuery("""
                        INSERT INTO broadcast.campaign_window (campaign_id, number, release_at, recipients)
                        VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""")
                .executeBatch(rows).replaceWithVoid();
    }

    public Uni<Void> markReleased(UUID campaignId, int number, long afterSequence, long lastSequence, int firstBatch, int batches, Instant at) {
        return pool.preparedQuery("""
                        UPDATE broadcast.campaign_window
                        SET after_sequence = $3, last_sequence = $4, first_batch = $5, batches = $6, released_at = coalesce(released_at, $7)
                        WHERE campaign_id = $1 AND number = $2""")
                .execute(Tuple.tuple().addUUID(campaignId).addInteger(number).addLong(afterSequence).addLong(lastSequence)
                        .addInteger(firstBatch).addInteger(batches).addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Unique users reached from {@code phoneNumberId} in windows released after {@code since}. */
    public Uni<Long> used(String phoneNumberId, Instant since) {
        return pool.preparedQuery(USED).execute(Tuple.of(phoneNumberId, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("used"));
    }

    /** RUNNING campaigns with a window due and not released yet. */
    public Uni<List<UUID>> campaignsWithDueWindows(Instant now) {
        return pool.preparedQuery(DUE).execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
                });
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
