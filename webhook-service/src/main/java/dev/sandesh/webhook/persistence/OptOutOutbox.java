package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code opt_out} ({@link OptOutEntry}): opt-outs recorded in the webhook's transaction and
 * published after its commit (a transactional outbox, so a broker outage loses none). A fact already
 * known is not recorded again, so Meta's duplicates are published once.
 */
@ApplicationScoped
public class OptOutOutbox implements Outbox<OptOut> {

    // RETURNING the new rows only: ON CONFLICT DO NOTHING returns nothing for a known fact
    private static final String INSERT = """
            INSERT INTO webhook.opt_out (phone, action, source, at, recorded_at)
            SELECT u.*, CAST(?5 AS timestamptz)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(CAST(?4 AS text[]) AS timestamptz[])) AS u
            ON CONFLICT DO NOTHING
            RETURNING phone, action, source, at, recorded_at, published_at""";

    private final Transactions transactions;

    OptOutOutbox(Transactions transactions) {
        this.transactions = transactions;
    }

    /** ?1..?4 of {@link #INSERT}. */
    private static final ArrayColumns<OptOut> COLUMNS = new ArrayColumns<OptOut>()
            .column(String[]::new, OptOut::phone)
            .column(String[]::new, o -> o.action().name())
            .column(String[]::new, o -> o.source().name())
            .column(String[]::new, o -> NativeQueries.iso(o.at()));

    /** Records {@code optOuts} in the current {@code Panache.withTransaction}. @return those not known before, to publish after the commit */
    public Uni<List<OptOut>> record(List<OptOut> optOuts, Instant now) {
        if (optOuts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> params = new ArrayList<>(COLUMNS.arrays(optOuts));
        params.add(now);
        return Panache.getSession()
                .chain(session -> NativeQueries.bind(session.createNativeQuery(INSERT, OptOutEntry.class), params.toArray())
                        .getResultList())
                .map(entries -> entries.stream().map(OptOutEntry::optOut).toList());
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
        return transactions.inTransaction(() -> OptOutEntry.update(
                        "update OptOutEntry o set o.publishedAt = ?1"
                                + " where o.phone = ?2 and o.action = ?3 and o.source = ?4 and o.at = ?5 and o.publishedAt is null",
                        now, optOut.phone(), optOut.action().name(), optOut.source().name(), optOut.at()))
                .replaceWithVoid();
    }
}
