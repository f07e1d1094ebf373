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

/**
 * Release windows of campaigns, how much of a number's messaging limit the last 24 h used, and the
 * publish ledger: which batches the broker confirmed ({@code published_batch}) and who is
 * publishing a window now (its lease, {@code publishing_until}). The ledger makes a publish
 * resumable batch by batch; the lease keeps two processes (two replicas' ticks, a replayed start)
 * from publishing one window at once.
 */
@ApplicationScoped
public class CampaignWindowStore {

    private static final String COLUMNS = "number, release_at, recipients, after_sequence, last_sequence, first_batch, batches, released_at";

    /**
     * Unique valid numbers in windows released in the last 24 h from this phone number: Meta's
     * limit counts people, so the same person in two campaigns counts once. Plus the planned
     * recipients of RUNNING campaigns' windows that are due but not released yet (being published
     * in the background, or to be resumed): they are about to be messaged (counted as planned, so
     * someone also in a released window counts twice — on the safe side).
     */
    private static final String USED = """
            SELECT (SELECT count(DISTINCT r.phone_e164)
                      FROM broadcast.campaign_window w
                      JOIN broadcast.campaign c ON c.id = w.campaign_id
                      JOIN broadcast.recipient r ON r.campaign_id = w.campaign_id
                           AND r.sequence > w.after_sequence AND r.sequence <= w.last_sequence AND r.rejection_reason IS NULL
                     WHERE c.phone_number_id = $1 AND w.released_at > $2)
                 + (SELECT coalesce(sum(w.recipients), 0)
                      FROM broadcast.campaign_window w
                      JOIN broadcast.campaign c ON c.id = w.campaign_id
                     WHERE c.phone_number_id = $1 AND w.released_at IS NULL AND w.release_at <= $3 AND c.state = 'RUNNING') AS used
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
                        SET after_sequence = $3, last_sequence = $4, first_batch = $5, batches = $6, released_at = coalesce(released_at, $7),
                            publishing_until = NULL
                        WHERE campaign_id = $1 AND number = $2""")
                .execute(Tuple.tuple().addUUID(campaignId).addInteger(number).addLong(afterSequence).addLong(lastSequence)
                        .addInteger(firstBatch).addInteger(batches).addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Unique users reached from {@code phoneNumberId} in windows released after {@code since}, and
     * those of RUNNING campaigns' windows due by {@code now} and still being published.
     */
    public Uni<Long> used(String phoneNumberId, Instant since, Instant now) {
        return pool.preparedQuery(USED).execute(Tuple.of(phoneNumberId, since.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)))
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

    /**
     * Stores the release plan of a campaign about to start, holding the campaign row's lock
     * ({@code FOR UPDATE}, the lock a recipient upload takes too: persistence.RecipientUploadStore),
     * so an upload either committed before the plan (and is counted in it) or finds the plan there
     * and is refused. {@code planner} gets the campaign's valid count as it is under the lock; a
     * plan stored before (a retried start) is kept as it is.
     *
     * @return the campaign's valid recipients under the lock, or -1 when the campaign does not exist
     */
    public Uni<Long> planLocked(UUID campaignId, java.util.function.Function<Long, Uni<List<MessagingLimit.Window>>> planner) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT valid, EXISTS (SELECT 1 FROM broadcast.campaign_window w WHERE w.campaign_id = c.id) AS planned "
                        + "FROM broadcast.campaign c WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(campaignId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(-1L);
                    }
                    Row row = rows.iterator().next();
                    long valid = row.getLong("valid");
                    if (row.getBoolean("planned")) {
                        return Uni.createFrom().item(valid);
                    }
                    return planner.apply(valid).chain(plan -> connection.preparedQuery("""
                                    INSERT INTO broadcast.campaign_window (campaign_id, number, release_at, recipients)
                                    VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""")
                            .executeBatch(plan.stream()
                                    .map(w -> Tuple.of(campaignId, w.number(), w.releaseAt().atOffset(ZoneOffset.UTC), (int) w.recipients()))
                                    .toList()))
                            .replaceWith(valid);
                }));
    }

    /**
     * Takes the lease on an unreleased window until {@code until}, when nobody holds it (none, or
     * run out before {@code now}). One statement: of two callers at once, one wins.
     *
     * @return true when this caller holds the lease now
     */
    public Uni<Boolean> claim(UUID campaignId, int number, Instant now, Instant until) {
        return pool.preparedQuery("""
                        UPDATE broadcast.campaign_window SET publishing_until = $4
                        WHERE campaign_id = $1 AND number = $2 AND released_at IS NULL
                          AND (publishing_until IS NULL OR publishing_until < $3)""")
                .execute(Tuple.of(campaignId, number, now.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives the lease up (the publish failed or ended), so the next tick may resume at once. */
    public Uni<Void> unclaim(UUID campaignId, int number) {
        return pool.preparedQuery("UPDATE broadcast.campaign_window SET publishing_until = NULL WHERE campaign_id = $1 AND number = $2")
                .execute(Tuple.of(campaignId, number)).replaceWithVoid();
    }

    /** Gives up the lease of every unreleased window of the campaign (this process shuts down while publishing it). */
    public Uni<Void> unclaimUnreleased(UUID campaignId) {
        return pool.preparedQuery("UPDATE broadcast.campaign_window SET publishing_until = NULL WHERE campaign_id = $1 AND released_at IS NULL")
                .execute(Tuple.of(campaignId)).replaceWithVoid();
    }

    /** A batch the broker confirmed, as the ledger holds it. */
    public record PublishedBatch(int batchNumber, long firstSequence, long lastSequence, int recipients) {
    }

    /** The ledger's batches of the campaign numbered {@code fromBatch} or later, in order. */
    public Uni<List<PublishedBatch>> published(UUID campaignId, int fromBatch) {
        return pool.preparedQuery("SELECT batch_number, first_sequence, last_sequence, recipients FROM broadcast.published_batch "
                        + "WHERE campaign_id = $1 AND batch_number >= $2 ORDER BY batch_number")
                .execute(Tuple.of(campaignId, fromBatch))
                .map(rows -> {
                    List<PublishedBatch> batches = new ArrayList<>();
                    rows.forEach(r -> batches.add(new PublishedBatch(r.getInteger("batch_number"), r.getLong("first_sequence"),
                            r.getLong("last_sequence"), r.getInteger("recipients"))));
                    return batches;
                });
    }

    // One statement: the ledger row, the campaign's count of published batches, and the window's lease renewed.
    private static final String RECORD_PUBLISHED = """
            WITH ledger AS (
                INSERT INTO broadcast.published_batch (campaign_id, batch_number, first_sequence, last_sequence, recipients, published_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (campaign_id, batch_number) DO UPDATE
                   SET first_sequence = excluded.first_sequence, last_sequence = excluded.last_sequence,
                       recipients = excluded.recipients, published_at = excluded.published_at
                RETURNING (xmax = 0) AS inserted),
            counted AS (
                UPDATE broadcast.campaign SET batches_published = batches_published + 1
                 WHERE id = $1 AND (SELECT inserted FROM ledger)),
            leased AS (
                UPDATE broadcast.campaign_window SET publishing_until = $8 WHERE campaign_id = $1 AND number = $7)
            SELECT state FROM broadcast.campaign WHERE id = $1
            """;

    /**
     * Records that the broker confirmed {@code batch} (after its confirm, never before: a batch
     * confirmed but not recorded, because the process died in between, is published again on resume
     * and the sender's ledger skips its recipients), and renews window {@code window}'s lease.
     *
     * @return the campaign's state now (a publisher stops when it is no longer RUNNING: paused, cancelled, halted)
     */
    public Uni<String> recordPublished(UUID campaignId, int window, PublishedBatch batch, Instant at, Instant leaseUntil) {
        return pool.preparedQuery(RECORD_PUBLISHED)
                .execute(Tuple.tuple().addUUID(campaignId).addInteger(batch.batchNumber()).addLong(batch.firstSequence())
                        .addLong(batch.lastSequence()).addInteger(batch.recipients()).addOffsetDateTime(at.atOffset(ZoneOffset.UTC))
                        .addInteger(window).addOffsetDateTime(leaseUntil.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("state"));
    }

    /** Whether a window of the campaign is being published now (unreleased, its lease not run out at {@code now}). */
    public Uni<Boolean> leased(UUID campaignId, Instant now) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM broadcast.campaign_window WHERE campaign_id = $1 AND released_at IS NULL "
                        + "AND publishing_until >= $2) AS leased")
                .execute(Tuple.of(campaignId, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getBoolean("leased"));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
