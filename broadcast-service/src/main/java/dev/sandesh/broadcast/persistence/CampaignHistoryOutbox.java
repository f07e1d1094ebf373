package dev.sandesh.broadcast.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code campaign_history} as an outbox (its {@code published_at}, V7): the transitions not relayed
 * to webhook-service yet, oldest first, and the mark once the broker confirmed one
 * ({@code messaging.CampaignHistoryRelay}).
 */
@ApplicationScoped
public class CampaignHistoryOutbox {

    /** A history row waiting to be relayed. */
    public record Unpublished(long id, UUID campaignId, Instant at, String event, String reason) {
    }

    private static final String UNPUBLISHED = """
            SELECT id, campaign_id, at, event, reason FROM broadcast.campaign_history
             WHERE published_at IS NULL ORDER BY id LIMIT $1
            """;

    private static final String MARK = """
            UPDATE broadcast.campaign_history SET published_at = $2 WHERE id = ANY($1) AND published_at IS NULL
            """;

    private final Pool pool;

    public CampaignHistoryOutbox(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Unpublished>> unpublished(int limit) {
        return pool.preparedQuery(UNPUBLISHED).execute(Tuple.of(limit)).map(rows -> {
            List<Unpublished> found = new ArrayList<>();
            for (Row row : rows) {
                found.add(new Unpublished(row.getLong("id"), row.getUUID("campaign_id"), row.getOffsetDateTime("at").toInstant(),
                        row.getString("event"), row.getString("reason")));
            }
            return found;
        });
    }

    public Uni<Void> markPublished(List<Long> ids, Instant now) {
        return pool.preparedQuery(MARK).execute(Tuple.of(ids.toArray(Long[]::new), now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}
