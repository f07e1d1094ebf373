package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.webhook.domain.StorefrontEvent;
import dev.sandesh.webhook.domain.StorefrontEventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code opt_out} ({@link OptOutEntry}): opt-outs recorded in the webhook's transaction and
 * published after its commit (a transactional outbox, so a broker outage loses none). A fact already
 * known (same phone, BSUID, business number, scope, action, source and time: V9's unique index) is
 * not recorded again, so Meta's duplicates are published once. Each new fact is also a
 * {@code sandesh.optout} event for the storefront, in the same transaction ({@link StorefrontEvents}).
 */
@ApplicationScoped
public class OptOutOutbox implements Outbox<OptOut> {

    // RETURNING the new rows only: ON CONFLICT DO NOTHING returns nothing for a known fact
    private static final String INSERT = """
            INSERT INTO webhook.opt_out (phone, user_id, phone_number_id, scope, action, source, at, recorded_at)
            SELECT u.*, CAST(?8 AS timestamptz)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]),
                          CAST(?6 AS text[]), CAST(CAST(?7 AS text[]) AS timestamptz[])) AS u
            ON CONFLICT DO NOTHING
            RETURNING id, phone, user_id, phone_number_id, scope, action, source, %s""".formatted(NativeQueries.epochMicros("at"));

    private static final String PUBLISHED = """
            UPDATE webhook.opt_out SET published_at = CAST(?1 AS timestamptz)
             WHERE phone IS NOT DISTINCT FROM CAST(?2 AS text) AND user_id IS NOT DISTINCT FROM CAST(?3 AS text)
               AND phone_number_id IS NOT DISTINCT FROM CAST(?4 AS text)
               AND scope = ?5 AND action = ?6 AND source = ?7 AND at = CAST(?8 AS timestamptz) AND published_at IS NULL""";

    private final Transactions transactions;
    private final StorefrontEvents storefrontEvents;

    OptOutOutbox(Transactions transactions, StorefrontEvents storefrontEvents) {
        this.transactions = transactions;
        this.storefrontEvents = storefrontEvents;
    }

    /** ?1..?7 of {@link #INSERT}. */
    private static final ArrayColumns<OptOut> COLUMNS = new ArrayColumns<OptOut>()
            .column(String[]::new, OptOut::phone)
            .column(String[]::new, OptOut::userId)
            .column(String[]::new, OptOut::phoneNumberId)
            .column(String[]::new, o -> o.scope().name())
            .column(String[]::new, o -> o.action().name())
            .column(String[]::new, o -> o.source().name())
            .column(String[]::new, o -> NativeQueries.iso(o.at()));

    /**
     * Records {@code optOuts} in the current {@code Panache.withTransaction}, and a storefront event
     * for each new one. @return those not known before, to publish after the commit
     */
    public Uni<List<OptOut>> record(List<OptOut> optOuts, Instant now) {
        if (optOuts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // one statement may insert a fact once
        List<OptOut> distinct = optOuts.stream().distinct().toList();
        List<Object> params = new ArrayList<>(COLUMNS.arrays(distinct));
        params.add(now);
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(INSERT, Object[].class), params.toArray())
                        .getResultList())
                .map(rows -> rows.stream().map(OptOutOutbox::entry).toList())
                .chain(entries -> storefrontEvents.add(entries.stream().map(OptOutOutbox::event).toList())
                        .replaceWith(entries.stream().map(OptOutEntry::optOut).toList()));
    }

    /** A row {@link #INSERT} returned (not a managed entity: the session never sees these rows). */
    private static OptOutEntry entry(Object[] row) {
        OptOutEntry entry = new OptOutEntry();
        entry.id = ((Number) row[0]).longValue();
        entry.phone = (String) row[1];
        entry.userId = (String) row[2];
        entry.phoneNumberId = (String) row[3];
        entry.scope = (String) row[4];
        entry.action = (String) row[5];
        entry.source = (String) row[6];
        entry.at = NativeQueries.fromEpochMicros(row[7]);
        return entry;
    }

    /**
     * {@code sandesh.optout}: the storefront owns its customers, so the full phone and BSUID, with the
     * business number and scope. Keyed by the outbox row, which is unique to the fact.
     */
    static StorefrontEvent event(OptOutEntry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("phone", entry.phone);
        data.put("userId", entry.userId);
        data.put("phoneNumberId", entry.phoneNumberId);
        data.put("action", entry.action);
        data.put("scope", entry.scope);
        data.put("source", entry.source);
        return new StorefrontEvent(StorefrontEventType.OPTOUT, "optout:" + entry.id, null, data, entry.at);
    }

    /**
     * The oldest facts recorded before {@code recordedBefore} that the broker has not confirmed yet
     * (a session of their own: the relay's timer has none).
     */
    @Override
    public Uni<List<OptOut>> unpublished(int limit, Instant recordedBefore) {
        return transactions.inSession(() -> OptOutEntry.<OptOutEntry>find("publishedAt is null and recordedAt < ?1 order by recordedAt",
                                recordedBefore)
                        .range(0, limit - 1)
                        .list())
                .map(entries -> entries.stream().map(OptOutEntry::optOut).toList());
    }

    @Override
    public Uni<Void> markPublished(OptOut optOut, Instant now) {
        return transactions.inTransaction(() -> Panache.getSession().chain(session -> NativeQueries.bind(
                        session.createNativeQuery(PUBLISHED), now.atOffset(ZoneOffset.UTC), optOut.phone(), optOut.userId(),
                        optOut.phoneNumberId(), optOut.scope().name(), optOut.action().name(), optOut.source().name(),
                        optOut.at().atOffset(ZoneOffset.UTC)).executeUpdate()))
                .replaceWithVoid();
    }
}
