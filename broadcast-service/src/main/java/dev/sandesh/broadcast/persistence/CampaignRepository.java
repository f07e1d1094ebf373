package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.CampaignState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Reads campaigns and moves them through their states. Every move is checked against
 * {@link CampaignState} and written conditionally on the state it was read in, so two instances
 * racing for the same move cannot both win.
 */
@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<CampaignEntity, UUID> {

    private static final Logger LOG = Logger.getLogger(CampaignRepository.class);

    public Uni<CampaignEntity> find(UUID id) {
        return Panache.withSession(() -> findById(id));
    }

    public Uni<CampaignEntity> findByIdempotencyKey(String key) {
        return Panache.withSession(() -> find("idempotencyKey", key).firstResult());
    }

    /**
     * Moves a campaign from {@code from} to {@code to}, stamping {@code startedAt} when it starts
     * and {@code completedAt} when it completes.
     *
     * @return true when this call made the move; false when the campaign was no longer in {@code from}
     */
    public Uni<Boolean> move(UUID id, CampaignState from, CampaignState to, Instant at) {
        from.moveTo(to);
        String stamp = switch (to) {
            case RUNNING -> ", startedAt = coalesce(startedAt, :at)";
            case COMPLETED -> ", completedAt = :at";
            default -> "";
        };
        return Panache.withTransaction(() -> update(
                        "state = :to, updatedAt = :at" + stamp + " where id = :id and state = :from",
                        io.quarkus.panache.common.Parameters.with("to", to).and("at", at).and("id", id).and("from", from)))
                .map(rows -> {
                    if (rows == 1) {
                        LOG.infof("campaign %s %s -> %s", id, from, to);
                    }
                    return rows == 1;
                });
    }
}
