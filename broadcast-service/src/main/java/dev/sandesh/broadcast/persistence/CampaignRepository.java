package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.CampaignEvent;
import dev.sandesh.broadcast.domain.CampaignState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import dev.sandesh.broadcast.domain.MessagingLimit;
import io.quarkus.panache.common.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.Set;
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

    /** The number's most recently completed campaign other than {@code except} (the estimate's failure history); null when none. */
    public Uni<CampaignEntity> lastCompleted(String phoneNumberId, UUID except) {
        return Panache.withSession(() -> find("phoneNumberId = ?1 and id <> ?2 and state = ?3 and completedAt is not null order by completedAt desc",
                phoneNumberId, except, dev.sandesh.broadcast.domain.CampaignState.COMPLETED).firstResult());
    }

    /**
     * Campaigns newest first, keyset paged on (createdAt, id).
     *
     * @param phoneNumberIds only these numbers' campaigns; empty for all
     * @param state          only this state; null for all
     * @param before         the cursor (the last campaign of the previous page), or null
     */
    public Uni<List<CampaignEntity>> page(Set<String> phoneNumberIds, CampaignState state, CampaignEntity before, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (!phoneNumberIds.isEmpty()) {
            where.append(" and phoneNumberId in :numbers");
            parameters.and("numbers", phoneNumberIds);
        }
        if (state != null) {
            where.append(" and state = :state");
            parameters.and("state", state);
        }
        if (before != null) {
            where.append(" and (createdAt < :created or (createdAt = :created and id < :id))");
            parameters.and("created", before.createdAt).and("id", before.id);
        }
        return Panache.withSession(() -> find(where + " order by createdAt desc, id desc", parameters).page(0, limit).list());
    }

    /** SCHEDULED campaigns whose start time has come. */
    public Uni<List<CampaignEntity>> dueScheduled(Instant now) {
        return Panache.withSession(() -> find("state = ?1 and scheduledAt <= ?2 order by scheduledAt", CampaignState.SCHEDULED, now)
                .page(0, 100).list());
    }

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    // Claims the campaigns a tick compares with webhook-service's stats. FOR UPDATE SKIP LOCKED: two
    // replicas ticking at once take disjoint campaigns instead of both settling the same one; the
    // claim is the progress_checked_at stamp, which sends them to the back of the queue.
    private static final String CLAIM_RUNNING = """
            UPDATE broadcast.campaign SET progress_checked_at = $2
            WHERE id IN (SELECT id FROM broadcast.campaign WHERE state = 'RUNNING'
                         ORDER BY progress_checked_at ASC NULLS FIRST, updated_at ASC
                         LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;

    /**
     * Claims up to {@code limit} RUNNING campaigns for one tick, those whose progress was checked
     * longest ago first (never-checked ones before all others), so that over successive ticks every
     * one gets its turn; a campaign another tick is claiming at the same moment is skipped
     * ({@code SKIP LOCKED}). Each is stamped checked at {@code now}.
     */
    public Uni<List<CampaignEntity>> claimRunningForCheck(int limit, Instant now) {
        return pool.preparedQuery(CLAIM_RUNNING).execute(io.vertx.mutiny.sqlclient.Tuple.of(limit, now.atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> {
                    List<UUID> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                })
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<CampaignEntity>of())
                        : Panache.withSession(() -> find("id in ?1 order by progressCheckedAt, updatedAt", ids).list()));
    }

    /**
     * The campaign that already retries {@code parentId} without being forced (there is at most one:
     * the unique index campaign_one_retry_per_parent), or null.
     */
    public Uni<CampaignEntity> retryChild(UUID parentId) {
        return Panache.withSession(() -> find("retryOf = ?1 and retryForced = false", parentId).firstResult());
    }

    /** Notes that a campaign's progress was just checked; it goes to the back of the tick's queue. */
    public Uni<Void> progressChecked(UUID id, Instant at) {
        return Panache.withTransaction(() -> update("progressCheckedAt = ?1 where id = ?2", at, id)).replaceWithVoid();
    }

    /** DRAFT → SCHEDULED for {@code startAt}. */
    public Uni<Boolean> schedule(UUID id, Instant startAt, MessagingLimit.OverLimit overLimit, Instant now) {
        CampaignState.DRAFT.moveTo(CampaignState.SCHEDULED);
        return Panache.withTransaction(() -> update("state = ?1, scheduledAt = ?2, overLimit = ?3, updatedAt = ?4 where id = ?5 and state = ?6",
                        CampaignState.SCHEDULED, startAt, overLimit.name(), now, id, CampaignState.DRAFT)
                        .call(rows -> recorded(rows, id, CampaignState.DRAFT, CampaignState.SCHEDULED, "for " + startAt, now)))
                .map(rows -> {
                    if (rows == 1) {
                        LOG.infof("campaign %s DRAFT -> SCHEDULED for %s", id, startAt);
                    }
                    return rows == 1;
                });
    }

    /** Remembers how a campaign over the messaging limit is to be handled, before it starts. */
    public Uni<Void> overLimit(UUID id, MessagingLimit.OverLimit overLimit) {
        return Panache.withTransaction(() -> update("overLimit = ?1 where id = ?2", overLimit.name(), id)).replaceWithVoid();
    }

    /** Moves to HALTED with the reason operators see. */
    public Uni<Boolean> halt(UUID id, CampaignState from, String reason, Instant at) {
        from.moveTo(CampaignState.HALTED);
        return Panache.withTransaction(() -> update("state = ?1, stateReason = ?2, updatedAt = ?3 where id = ?4 and state = ?5",
                        CampaignState.HALTED, reason, at, id, from)
                        .call(rows -> recorded(rows, id, from, CampaignState.HALTED, reason, at)))
                .map(rows -> {
                    if (rows == 1) {
                        LOG.infof("campaign %s %s -> HALTED: %s", id, from, reason);
                    }
                    return rows == 1;
                });
    }

    /**
     * Moves a campaign from {@code from} to {@code to}, stamping {@code startedAt} when it starts
     * and {@code completedAt} when it completes.
     *
     * @return true when this call made the move; false when the campaign was no longer in {@code from}
     */
    public Uni<Boolean> move(UUID id, CampaignState from, CampaignState to, Instant at) {
        return move(id, from, to, at, false, null, null);
    }

    /**
     * {@link #move(UUID, CampaignState, CampaignState, Instant)}, and {@code stateReason} becomes
     * {@code reason} (null clears it); the history row carries the reason too.
     */
    public Uni<Boolean> move(UUID id, CampaignState from, CampaignState to, Instant at, String reason) {
        return move(id, from, to, at, true, reason, reason);
    }

    /**
     * {@link #move(UUID, CampaignState, CampaignState, Instant, String)} with a history reason that
     * differs from the new {@code stateReason} (a resume clears the pause's reason but records why it resumed).
     */
    public Uni<Boolean> move(UUID id, CampaignState from, CampaignState to, Instant at, String stateReason, String historyReason) {
        return move(id, from, to, at, true, stateReason, historyReason);
    }

    /** A transition that leaves {@code stateReason} as it is but records why in the history (completion). */
    public Uni<Boolean> moveRecording(UUID id, CampaignState from, CampaignState to, Instant at, String historyReason) {
        return move(id, from, to, at, false, null, historyReason);
    }

    /**
     * DRAFT or SCHEDULED → RUNNING ({@link #move(UUID, CampaignState, CampaignState, Instant)}), and the
     * estimate it starts with stored in the same transaction: a start without its estimate cannot exist.
     */
    public Uni<Boolean> start(UUID id, CampaignState from, Instant at, StartEstimate estimate) {
        return move(id, from, CampaignState.RUNNING, at, false, null, null, estimate);
    }

    /** Writes the history row of a move this transaction made (one row updated); nothing for a move lost to a race. */
    private static Uni<Void> recorded(int rows, UUID id, CampaignState from, CampaignState to, String reason, Instant at) {
        return rows == 1 ? CampaignHistory.record(id, CampaignEvent.of(from, to), reason, at) : Uni.createFrom().voidItem();
    }

    private Uni<Boolean> move(UUID id, CampaignState from, CampaignState to, Instant at, boolean withReason, String reason,
                              String historyReason) {
        return move(id, from, to, at, withReason, reason, historyReason, null);
    }

    private Uni<Boolean> move(UUID id, CampaignState from, CampaignState to, Instant at, boolean withReason, String reason,
                              String historyReason, StartEstimate estimate) {
        from.moveTo(to);
        String stamp = switch (to) {
            case RUNNING -> ", startedAt = coalesce(startedAt, :at)";
            case COMPLETED, CANCELLED -> ", completedAt = :at";
            default -> "";
        };
        Parameters parameters = Parameters.with("to", to).and("at", at).and("id", id).and("from", from);
        if (withReason) {
            parameters.and("reason", reason);
        }
        return Panache.withTransaction(() -> update(
                        "state = :to, updatedAt = :at" + stamp + (withReason ? ", stateReason = :reason" : "") + " where id = :id and state = :from",
                        parameters)
                        .call(rows -> recorded(rows, id, from, to, historyReason, at))
                        .call(rows -> rows == 1 && estimate != null ? estimate.insert(id) : Uni.createFrom().voidItem()))
                .map(rows -> {
                    if (rows == 1) {
                        LOG.infof("campaign %s %s -> %s", id, from, to);
                    }
                    return rows == 1;
                });
    }
}
