package dev.sandesh.sender.persistence;

import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.domain.CampaignGate;
import dev.sandesh.sender.domain.CampaignGate.CampaignState;
import dev.sandesh.sender.domain.CampaignGate.CampaignStatus;
import dev.sandesh.sender.domain.CloudApiError;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which campaigns and numbers may send: {@code sender.campaign_control} and {@code sender.number_halt}
 * (so a restart remembers) behind the in-memory {@link CampaignGate} that every send checks.
 *
 * <p>Writes go to the view first (the next rate slot already sees them), then to the database. The
 * view is loaded at startup and refreshed every {@code sandesh.sender.control-refresh} (1 s), so a
 * control message consumed by one replica reaches the others within that time.
 */
@ApplicationScoped
public class CampaignControlStore {

    private static final Logger LOG = Logger.getLogger(CampaignControlStore.class);

    // An older decision never overrides a newer one, and a cancelled campaign stays cancelled.
    private static final String UPSERT = """
            INSERT INTO sender.campaign_control (campaign_id, phone_number_id, state, reason, decided_at, error_code)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (campaign_id) DO UPDATE
               SET phone_number_id = COALESCE(EXCLUDED.phone_number_id, campaign_control.phone_number_id),
                   state = EXCLUDED.state, reason = EXCLUDED.reason, decided_at = EXCLUDED.decided_at,
                   error_code = EXCLUDED.error_code, updated_at = now()
             WHERE campaign_control.state <> 'CANCELLED' AND campaign_control.decided_at <= EXCLUDED.decided_at""";

    private static final String HALT_NUMBER = """
            INSERT INTO sender.number_halt (phone_number_id, reason, error_code) VALUES ($1, $2, $3)
            ON CONFLICT (phone_number_id) DO NOTHING""";

    private final Pool pool;
    private final CampaignGate gate;
    private final SenderConfig config;
    private final InstantSource clock;
    private final Vertx vertx;
    private volatile OffsetDateTime refreshedUpTo = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /**
     * When each halted number's row was known to be in {@code sender.number_halt} (System.nanoTime):
     * a refresh lifts a halt it does not find only if the row was there before its query started.
     * A halt still being written (or whose write failed) is not lifted by a refresh that could not
     * see it; only an operator lifts it.
     */
    private final ConcurrentMap<String, Long> haltStoredAt = new ConcurrentHashMap<>();

    public CampaignControlStore(Pool pool, CampaignGate gate, SenderConfig config, InstantSource clock, Vertx vertx) {
        this.pool = pool;
        this.gate = gate;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    void loadOnStart(@Observes StartupEvent start) {
        refresh().onFailure().invoke(e -> LOG.warnf("could not load campaign controls at startup: %s", e.toString()))
                .onFailure().recoverWithNull()
                .await().indefinitely();
        long every = Math.max(100, config.controlRefresh().toMillis());
        vertx.setPeriodic(every, id -> refresh().subscribe().with(
                done -> { },
                failure -> LOG.debugf("campaign control refresh failed: %s", failure.toString())));
    }

    public CampaignGate gate() {
        return gate;
    }

    /** Applies an operator's decision (pause, resume, cancel). */
    public Uni<Void> apply(CampaignControl control) {
        CampaignState state = switch (control.command()) {
            case PAUSE -> CampaignState.PAUSED;
            case CANCEL -> CampaignState.CANCELLED;
            case RESUME -> CampaignState.RUNNING;
        };
        CampaignStatus status = new CampaignStatus(state, control.reason(), control.at());
        if (gate.apply(control.campaignId(), status)) {
            LOG.infof("campaign %s: %s%s", control.campaignId(), control.command(),
                    control.reason() == null ? "" : " (" + control.reason() + ")");
        }
        return save(control.campaignId(), control.phoneNumberId(), status);
    }

    /** A template error: every later send of the campaign would fail alike. */
    public Uni<Void> haltCampaign(UUID campaignId, String phoneNumberId, CloudApiError error) {
        return haltCampaign(campaignId, phoneNumberId, "campaign halted: template error " + error.code() + " " + error.title());
    }

    /** Halts the campaign with {@code reason} (a template error, or its first sends all failing alike: {@code EarlyHalt}). */
    public Uni<Void> haltCampaign(UUID campaignId, String phoneNumberId, String reason) {
        CampaignStatus status = new CampaignStatus(CampaignState.HALTED, reason, clock.instant());
        if (gate.apply(campaignId, status)) {
            LOG.infof("campaign %s: HALTED (%s)", campaignId, reason);
        }
        return save(campaignId, phoneNumberId, status);
    }

    /**
     * Meta stopped the template (132015 paused, 132016 disabled, 134101 still syncing): the campaign is
     * PAUSED, as an operator's pause, so its unsent recipients are DEFERRED (claims released), never
     * burned, and a RESUME decided after this sends them. Stored, so a restart remembers; the code is
     * stored with it and every deferred recipient reports it.
     */
    public Uni<Void> pauseCampaign(UUID campaignId, String phoneNumberId, CloudApiError.TemplateOnHold error) {
        CampaignStatus status = new CampaignStatus(CampaignState.PAUSED, error.reason(), clock.instant(), error.code());
        if (gate.apply(campaignId, status)) {
            LOG.infof("campaign %s: PAUSED (%s)", campaignId, error.reason());
        }
        return save(campaignId, phoneNumberId, status);
    }

    /** An auth/account error or 131048: every campaign on the number stops until an operator lifts it. */
    public Uni<Void> haltNumber(String phoneNumberId, CloudApiError error, String what) {
        String reason = "number halted: " + what + " error " + error.code() + " " + error.title();
        if (gate.haltNumber(phoneNumberId, reason)) {
            LOG.infof("phone number %s: HALTED (%s)", phoneNumberId, reason);
        }
        return pool.preparedQuery(HALT_NUMBER).execute(Tuple.of(phoneNumberId, reason, error.code()))
                .invoke(() -> haltStoredAt.merge(phoneNumberId, System.nanoTime(), Math::min))
                .replaceWithVoid();
    }

    /** Lifts a number's halt (the operator fixed the token, the account, the quality). */
    public Uni<Boolean> liftNumber(String phoneNumberId) {
        gate.liftNumber(phoneNumberId);
        haltStoredAt.remove(phoneNumberId);
        LOG.infof("phone number %s: halt lifted", phoneNumberId);
        return pool.preparedQuery("DELETE FROM sender.number_halt WHERE phone_number_id = $1")
                .execute(Tuple.of(phoneNumberId)).map(rows -> rows.rowCount() > 0);
    }

    private Uni<Void> save(UUID campaignId, String phoneNumberId, CampaignStatus status) {
        return pool.preparedQuery(UPSERT).execute(Tuple.of(campaignId, phoneNumberId, status.state().name(), status.reason(),
                        OffsetDateTime.ofInstant(status.decidedAt(), ZoneOffset.UTC), status.errorCode()))
                .replaceWithVoid();
    }

    /** Halts found in the table stand; one not found is lifted (on another replica) if it was stored before the snapshot. */
    private void applyHalts(RowSet<Row> rows, long snapshotAt) {
        Set<String> halted = new HashSet<>();
        for (Row row : rows) {
            String number = row.getString("phone_number_id");
            halted.add(number);
            gate.haltNumber(number, row.getString("reason"));
            haltStoredAt.merge(number, snapshotAt, Math::min);
        }
        for (String number : gate.haltedNumbers().keySet()) {
            Long storedAt = haltStoredAt.get(number);
            if (!halted.contains(number) && storedAt != null && storedAt - snapshotAt < 0) {
                gate.liftNumber(number);
                haltStoredAt.remove(number);
                LOG.infof("phone number %s: halt lifted (on another replica)", number);
            }
        }
    }

    /** Reads what changed since the last refresh (all of it the first time), and the halted numbers. */
    Uni<Void> refresh() {
        OffsetDateTime since = refreshedUpTo.minusSeconds(5); // clock skew between replicas and the database
        return pool.preparedQuery("""
                        SELECT campaign_id, state, reason, decided_at, error_code, now() AS db_now FROM sender.campaign_control
                         WHERE updated_at > $1""")
                .execute(Tuple.of(since))
                .invoke(rows -> {
                    OffsetDateTime newest = null;
                    for (Row row : rows) {
                        gate.apply(row.getUUID("campaign_id"), new CampaignStatus(CampaignState.valueOf(row.getString("state")),
                                row.getString("reason"), row.getOffsetDateTime("decided_at").toInstant(), row.getInteger("error_code")));
                        newest = row.getOffsetDateTime("db_now");
                    }
                    if (newest != null) {
                        refreshedUpTo = newest;
                    }
                })
                .chain(() -> {
                    long snapshotAt = System.nanoTime();
                    return pool.query("SELECT phone_number_id, reason FROM sender.number_halt").execute()
                            .invoke(rows -> applyHalts(rows, snapshotAt));
                })
                .replaceWithVoid();
    }
}
