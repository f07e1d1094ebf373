package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.CampaignEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * {@code broadcast.campaign_history}: one row per transition, always written inside the
 * transaction that changes the campaign's state (so a transition without its row, or a row for a
 * move that lost its race, cannot exist). The storefront relay reads rows whose
 * {@code published_at} is null.
 */
@ApplicationScoped
public class CampaignHistory {

    private static final String INSERT = """
            INSERT INTO broadcast.campaign_history (campaign_id, at, event, reason) VALUES ($1, $2, $3, $4)
            """;

    private static final String OF_CAMPAIGN = """
            SELECT at, event, reason FROM broadcast.campaign_history WHERE campaign_id = $1 ORDER BY id
            """;

    private static final String LAST_RESUMED = """
            SELECT max(at) AS at FROM broadcast.campaign_history WHERE campaign_id = $1 AND event = 'RESUMED'
            """;

    /** One transition as the API shows it. */
    public record Entry(Instant at, CampaignEvent event, String reason) {
    }

    private final Pool pool;

    public CampaignHistory(Pool pool) {
        this.pool = pool;
    }

    /** Records a transition in the current Hibernate Reactive transaction (call inside {@code Panache.withTransaction}). */
    public static Uni<Void> record(UUID campaignId, CampaignEvent event, String reason, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "INSERT INTO broadcast.campaign_history (campaign_id, at, event, reason) VALUES (:campaign, :at, :event, :reason)")
                        .setParameter("campaign", campaignId)
                        .setParameter("at", at.atOffset(ZoneOffset.UTC))
                        .setParameter("event", event.name())
                        .setParameter("reason", reason)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Records a transition on {@code connection}, inside the SQL transaction it is part of (campaign creation). */
    public static Uni<Void> record(SqlConnection connection, UUID campaignId, CampaignEvent event, String reason, Instant at) {
        return connection.preparedQuery(INSERT)
                .execute(Tuple.of(campaignId, at.atOffset(ZoneOffset.UTC), event.name(), reason))
                .replaceWithVoid();
    }

    /** When the campaign was last resumed (from PAUSED or HALTED); null when never. */
    public Uni<Instant> lastResumedAt(UUID campaignId) {
        return pool.preparedQuery(LAST_RESUMED).execute(Tuple.of(campaignId))
                .map(rows -> {
                    var at = rows.iterator().next().getOffsetDateTime("at");
                    return at == null ? null : at.toInstant();
                });
    }

    /** A campaign's transitions, oldest first. */
    public Uni<List<Entry>> of(UUID campaignId) {
        return pool.preparedQuery(OF_CAMPAIGN).execute(Tuple.of(campaignId))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> new Entry(row.getOffsetDateTime("at").toInstant(), CampaignEvent.valueOf(row.getString("event")),
                                row.getString("reason")))
                        .toList());
    }
}
