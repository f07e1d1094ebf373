package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.config.EventsConfig;
import dev.sandesh.webhook.domain.StorefrontEnvelope;
import dev.sandesh.webhook.domain.StorefrontEvent;
import dev.sandesh.webhook.domain.StorefrontEventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code storefront_event}: the outbox of events to the storefront (V5). Facts are {@link #add added}
 * inside the transaction that records their cause, so an event exists exactly when its fact was
 * committed; the dispatcher ({@code messaging.StorefrontDispatcher}) posts them after, and
 * {@code GET /internal/v1/events} lists them by cursor. Only the enabled {@code sandesh.events.types}
 * are recorded; a fact already recorded ({@link StorefrontEvent#dedupKey()}) is not recorded again.
 *
 * <p>Message statuses reach this table from {@link MessageStatusWriter}'s statement itself (the
 * event is the upsert's own returned rows); everything else comes through {@link #add}.
 */
@ApplicationScoped
public class StorefrontEvents {

    private static final String INSERT = """
            INSERT INTO webhook.storefront_event (id, dedup_key, type, subject, data, occurred_at)
            SELECT gen_random_uuid(), u.key, u.type, u.subject, CAST(u.data AS jsonb), CAST(u.occurred AS timestamptz)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]))
                   WITH ORDINALITY AS u(key, type, subject, data, occurred, n)
             ORDER BY u.n
            ON CONFLICT (dedup_key) DO NOTHING""";

    /** ?1..?5 of {@link #INSERT}. */
    private static final ArrayColumns<StorefrontEvent> COLUMNS = new ArrayColumns<StorefrontEvent>()
            .column(String[]::new, StorefrontEvent::dedupKey)
            .column(String[]::new, e -> e.type().wireName())
            .column(String[]::new, e -> e.campaignId() == null ? null : e.campaignId().toString())
            .column(String[]::new, e -> Json.encode(e.data()))
            .column(String[]::new, e -> NativeQueries.iso(e.occurredAt()));

    private static final String COLUMNS_READ = "seq, CAST(id AS text), type, subject, CAST(data AS text), "
            + NativeQueries.epochMicros("occurred_at") + ", " + NativeQueries.epochMicros("recorded_at") + ", attempts";

    private static final String DUE = "SELECT " + COLUMNS_READ + """
             FROM webhook.storefront_event
            WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= CAST(?1 AS timestamptz)
            ORDER BY seq
            LIMIT ?2""";

    private static final String PAGE = "SELECT " + COLUMNS_READ + """
             FROM webhook.storefront_event
            WHERE seq > ?1 AND recorded_at < CAST(?2 AS timestamptz)
            ORDER BY seq
            LIMIT ?3""";

    private static final String DELIVERED = """
            UPDATE webhook.storefront_event
               SET delivered_at = CAST(?2 AS timestamptz), attempts = attempts + 1, last_error = NULL
             WHERE seq = ANY(CAST(?1 AS int8[])) AND delivered_at IS NULL""";

    private static final String FAILED = """
            UPDATE webhook.storefront_event AS t
               SET attempts = t.attempts + 1, last_error = u.error,
                   next_attempt_at = COALESCE(CAST(u.next AS timestamptz), t.next_attempt_at),
                   abandoned_at = CASE WHEN u.next IS NULL THEN CAST(?4 AS timestamptz) END
              FROM unnest(CAST(?1 AS int8[]), CAST(?2 AS text[]), CAST(?3 AS text[])) AS u(seq, next, error)
             WHERE t.seq = u.seq AND t.delivered_at IS NULL""";

    private static final String RETRY_NOW = """
            UPDATE webhook.storefront_event SET next_attempt_at = CAST(?1 AS timestamptz)
             WHERE delivered_at IS NULL AND abandoned_at IS NULL AND attempts > 0 AND next_attempt_at > CAST(?1 AS timestamptz)""";

    private static final String BACKLOG = "SELECT count(*), " + NativeQueries.epochMicros("min(recorded_at)") + """
             FROM webhook.storefront_event WHERE delivered_at IS NULL AND abandoned_at IS NULL""";

    /** Events waiting for a 2xx, and when the oldest of them was recorded (null when none). */
    public record Backlog(long pending, Instant oldestRecordedAt) {
    }

    /** An attempt that did not end in a 2xx: retry at {@code nextAttemptAt}, or abandon when null. */
    public record Failure(long seq, Instant nextAttemptAt, String error) {
    }

    private final Transactions transactions;
    private final Set<String> enabled;

    StorefrontEvents(Transactions transactions, EventsConfig config) {
        this.transactions = transactions;
        this.enabled = Set.copyOf(config.types());
    }

    /** Whether events of {@code type} are recorded ({@code sandesh.events.types}). */
    public boolean enabled(StorefrontEventType type) {
        return enabled.contains(type.wireName());
    }

    /**
     * Records {@code events} in the caller's current {@code Panache.withTransaction} (call it from
     * inside the transaction that records their facts), in list order; types not enabled and facts
     * already recorded are skipped. @return events recorded
     */
    public Uni<Integer> add(List<StorefrontEvent> events) {
        Map<String, StorefrontEvent> distinct = new LinkedHashMap<>();
        for (StorefrontEvent e : events) {
            if (enabled(e.type())) {
                distinct.putIfAbsent(e.dedupKey(), e); // one statement may insert a key once
            }
        }
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Object> params = COLUMNS.arrays(List.copyOf(distinct.values()));
        return Panache.getSession().chain(session -> NativeQueries.bind(session.createNativeQuery(INSERT), params.toArray()).executeUpdate());
    }

    /** The message statuses whose events are recorded (bound into {@link MessageStatusWriter}'s statement). */
    String[] enabledStatuses() {
        return List.of(StorefrontEventType.MESSAGE_FAILED, StorefrontEventType.MESSAGE_DELIVERED, StorefrontEventType.MESSAGE_READ)
                .stream().filter(this::enabled)
                .map(t -> t.wireName().substring("sandesh.message.".length()))
                .toArray(String[]::new);
    }

    /** Undelivered events due at {@code now}, in seq order (a session of their own). */
    public Uni<List<StoredEvent>> due(Instant now, int limit) {
        return transactions.inSession(() -> Panache.getSession().chain(session ->
                        NativeQueries.bind(session.createNativeQuery(DUE, Object[].class), now, limit).getResultList()))
                .map(rows -> rows.stream().map(StorefrontEvents::stored).toList());
    }

    /** Events after the cursor {@code after}, recorded before {@code recordedBefore}, in seq order (the caller's session). */
    public Uni<List<StoredEvent>> page(long after, Instant recordedBefore, int limit) {
        return Panache.getSession().chain(session -> NativeQueries.bind(session.createNativeQuery(PAGE, Object[].class),
                        after, recordedBefore, limit).getResultList())
                .map(rows -> rows.stream().map(StorefrontEvents::stored).toList());
    }

    public Uni<Void> markDelivered(List<Long> seqs, Instant now) {
        return transactions.inTransaction(() -> Panache.getSession().chain(session -> NativeQueries.bind(
                session.createNativeQuery(DELIVERED), seqs.toArray(Long[]::new), now).executeUpdate())).replaceWithVoid();
    }

    public Uni<Void> markFailed(List<Failure> failures, Instant now) {
        List<Failure> sorted = failures.stream().sorted(Comparator.comparingLong(Failure::seq)).toList();
        return transactions.inTransaction(() -> Panache.getSession().chain(session -> NativeQueries.bind(session.createNativeQuery(FAILED),
                sorted.stream().map(Failure::seq).toArray(Long[]::new),
                sorted.stream().map(f -> NativeQueries.iso(f.nextAttemptAt())).toArray(String[]::new),
                sorted.stream().map(Failure::error).toArray(String[]::new),
                now).executeUpdate())).replaceWithVoid();
    }

    /** The receiver answers again: whatever waits for a backoff is due now. @return events brought forward */
    public Uni<Integer> retryNow(Instant now) {
        return transactions.inTransaction(() -> Panache.getSession().chain(session ->
                NativeQueries.bind(session.createNativeQuery(RETRY_NOW), now).executeUpdate()));
    }

    public Uni<Backlog> backlog() {
        return transactions.inSession(() -> Panache.getSession().chain(session ->
                        session.createNativeQuery(BACKLOG, Object[].class).getSingleResult()))
                .map(row -> new Backlog(((Number) row[0]).longValue(), NativeQueries.fromEpochMicros(row[1])));
    }

    private static StoredEvent stored(Object[] row) {
        Map<String, Object> data = new JsonObject((String) row[4]).getMap();
        StorefrontEnvelope envelope = new StorefrontEnvelope(((Number) row[0]).longValue(), UUID.fromString((String) row[1]),
                (String) row[2], (String) row[3], NativeQueries.fromEpochMicros(row[5]), data);
        return new StoredEvent(envelope, NativeQueries.fromEpochMicros(row[6]), ((Number) row[7]).intValue());
    }
}
