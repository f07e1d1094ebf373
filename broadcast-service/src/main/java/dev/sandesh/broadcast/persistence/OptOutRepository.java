package dev.sandesh.broadcast.persistence;

import dev.sandesh.contracts.OptOut;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The opt-out list. Events may arrive late or out of order, so each is applied only if it is
 * newer than what the list says: an OPT_OUT never overwrites a later one, and an OPT_IN only
 * removes an opt-out that happened before it.
 */
@ApplicationScoped
public class OptOutRepository {

    private static final String UPSERT = """
            INSERT INTO broadcast.opt_out (phone_e164, source, opted_out_at) VALUES (?1, ?2, ?3)
            ON CONFLICT (phone_e164) DO UPDATE SET source = excluded.source, opted_out_at = excluded.opted_out_at
            WHERE opt_out.opted_out_at < excluded.opted_out_at
            """;

    private static final String DELETE = "DELETE FROM broadcast.opt_out WHERE phone_e164 = ?1 AND opted_out_at <= ?2";

    private final Pool pool;

    public OptOutRepository(Pool pool) {
        this.pool = pool;
    }

    /** Applies one event; idempotent, so a redelivered event changes nothing. */
    public Uni<Void> apply(OptOut event) {
        String phone = event.phone().startsWith("+") ? event.phone() : "+" + event.phone();
        Instant at = event.at();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> switch (event.action()) {
            case OPT_OUT -> session.createNativeQuery(UPSERT)
                    .setParameter(1, phone).setParameter(2, event.source().name()).setParameter(3, at)
                    .executeUpdate();
            case OPT_IN -> session.createNativeQuery(DELETE)
                    .setParameter(1, phone).setParameter(2, at)
                    .executeUpdate();
        })).replaceWithVoid();
    }

    /** One entry of the list. */
    public record Entry(String phone, String source, Instant optedOutAt) {
    }

    /** The list in phone order after {@code afterPhone} (keyset paged). */
    public Uni<java.util.List<Entry>> page(String afterPhone, int limit) {
        return pool.preparedQuery("SELECT phone_e164, source, opted_out_at FROM broadcast.opt_out WHERE phone_e164 > $1 ORDER BY phone_e164 LIMIT $2")
                .execute(Tuple.of(afterPhone == null ? "" : afterPhone, limit))
                .map(rows -> {
                    java.util.List<Entry> entries = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new Entry(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant()));
                    }
                    return entries;
                });
    }

    /** Adds a number (an operator's decision, source {@code API}); an existing entry is kept. @return the entry as stored */
    public Uni<Entry> add(String phone, String source, Instant at) {
        return pool.preparedQuery("""
                        INSERT INTO broadcast.opt_out (phone_e164, source, opted_out_at) VALUES ($1, $2, $3)
                        ON CONFLICT (phone_e164) DO UPDATE SET phone_e164 = excluded.phone_e164
                        RETURNING phone_e164, source, opted_out_at""")
                .execute(Tuple.of(phone, source, at.atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Entry(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant());
                });
    }

    /** @return true when the number was on the list */
    public Uni<Boolean> remove(String phone) {
        return pool.preparedQuery("DELETE FROM broadcast.opt_out WHERE phone_e164 = $1").execute(Tuple.of(phone))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Which of these E.164 numbers are opted out: one query, whatever the audience's size. */
    public Uni<Set<String>> optedOut(Set<String> numbers) {
        if (numbers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT phone_e164 FROM broadcast.opt_out WHERE phone_e164 = any($1)")
                .execute(Tuple.of(numbers.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    for (Row row : rows) {
                        found.add(row.getString(0));
                    }
                    return found;
                });
    }
}
