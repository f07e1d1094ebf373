package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.WireJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code template_event} ({@link TemplateEventEntry}): template changes recorded in the webhook's
 * transaction and published after its commit, like {@link OptOutOutbox}. A fact already known
 * ({@link TemplateEvent#factKey}) is not recorded again, so Meta's retries are published once.
 */
@ApplicationScoped
public class TemplateEventOutbox implements Outbox<TemplateEventOutbox.Recorded> {

    /** A recorded event and its row, which the relay marks published. */
    public record Recorded(long id, TemplateEvent event) {
    }

    // RETURNING the new rows only: ON CONFLICT DO NOTHING returns nothing for a known fact
    private static final String INSERT = """
            INSERT INTO webhook.template_event (fact_key, body, recorded_at)
            SELECT u.*, CAST(?3 AS timestamptz)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[])) AS u
            ON CONFLICT (fact_key) DO NOTHING
            RETURNING id, fact_key, body, recorded_at, published_at""";

    /** ?1..?2 of {@link #INSERT}. */
    private static final ArrayColumns<TemplateEvent> COLUMNS = new ArrayColumns<TemplateEvent>()
            .column(String[]::new, TemplateEvent::factKey)
            .column(String[]::new, e -> new String(WireJson.encode(e), StandardCharsets.UTF_8));

    private final Transactions transactions;

    TemplateEventOutbox(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Records {@code events} in the current {@code Panache.withTransaction}. @return those not known before, to publish after the commit */
    public Uni<List<Recorded>> record(List<TemplateEvent> events, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // one statement may insert a key once: a body repeating a change is one fact
        Map<String, TemplateEvent> distinct = new LinkedHashMap<>();
        events.forEach(e -> distinct.putIfAbsent(e.factKey(), e));
        List<Object> params = new ArrayList<>(COLUMNS.arrays(List.copyOf(distinct.values())));
        params.add(now);
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(INSERT, TemplateEventEntry.class), params.toArray())
                        .getResultList())
                .map(entries -> entries.stream().map(TemplateEventEntry::recorded).toList());
    }

    @Override
    public Uni<List<Recorded>> unpublished(int limit, Instant recordedBefore) {
        return transactions.inSession(() -> TemplateEventEntry.<TemplateEventEntry>find(
                                "publishedAt is null and recordedAt < ?1 order by recordedAt, id", recordedBefore)
                        .range(0, limit - 1)
                        .list())
                .map(entries -> entries.stream().map(TemplateEventEntry::recorded).toList());
    }

    @Override
    public Uni<Void> markPublished(Recorded recorded, Instant now) {
        return transactions.inTransaction(() -> TemplateEventEntry.update(
                        "update TemplateEventEntry t set t.publishedAt = ?1 where t.id = ?2 and t.publishedAt is null", now, recorded.id()))
                .replaceWithVoid();
    }
}
