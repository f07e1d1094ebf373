package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.OptOutScopes;
import dev.sandesh.contracts.OptOut;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The opt-out list, scoped as Meta scopes it ({@link OptOutScopes}): one row per (phone or BSUID,
 * business number or {@code '*'}, scope). Events may arrive late or out of order, so each is applied
 * only if it is newer than what the list says: an OPT_OUT never overwrites a later one, and an OPT_IN
 * only removes opt-outs that happened before it (an ALL opt-in removes both scopes; one for every
 * number removes each number's).
 */
@ApplicationScoped
public class OptOutRepository {

    private static final String UPSERT = """
            INSERT INTO broadcast.opt_out (subject, phone_e164, user_id, phone_number_id, scope, source, opted_out_at)
            SELECT s, $2, $3, $4, $5, $6, $7 FROM unnest($1::text[]) AS s
            ON CONFLICT (subject, phone_number_id, scope) DO UPDATE
               SET source = excluded.source, opted_out_at = excluded.opted_out_at,
                   phone_e164 = coalesce(excluded.phone_e164, opt_out.phone_e164), user_id = coalesce(excluded.user_id, opt_out.user_id)
            WHERE opt_out.opted_out_at < excluded.opted_out_at
            """;

    private static final String DELETE = """
            DELETE FROM broadcast.opt_out
             WHERE subject = ANY($1::text[]) AND opted_out_at <= $2
               AND ($3 = '*' OR phone_number_id IN ($3, '*'))
               AND ($4 = 'ALL' OR scope = $4)
            """;

    // The release-time and creation-time check: one query for a page or an audience.
    private static final String OPTED_OUT = """
            SELECT DISTINCT subject FROM broadcast.opt_out
             WHERE subject = any($1) AND phone_number_id IN ($2, '*') AND scope = any($3)
            """;

    private final Pool pool;

    public OptOutRepository(Pool pool) {
        this.pool = pool;
    }

    /** Applies one event; idempotent, so a redelivered event changes nothing. */
    public Uni<Void> apply(OptOut event) {
        String[] subjects = OptOutScopes.subjects(event).toArray(String[]::new);
        String phone = event.phone() == null ? null : subjects[0];
        String number = OptOutScopes.number(event);
        java.time.OffsetDateTime at = event.at().atOffset(java.time.ZoneOffset.UTC);
        return (switch (event.action()) {
            case OPT_OUT -> pool.preparedQuery(UPSERT).execute(Tuple.from(java.util.Arrays.<Object>asList(subjects, phone, event.userId(), number,
                    event.scope().name(), event.source().name(), at)));
            case OPT_IN -> pool.preparedQuery(DELETE).execute(Tuple.of(subjects, at, number, event.scope().name()));
        }).replaceWithVoid();
    }

    /**
     * One entry of the list.
     *
     * @param phone         E.164, or the BSUID when the phone is not known
     * @param phoneNumberId the business number, {@code *} for every number
     * @param scope         MARKETING or ALL
     */
    public record Entry(String phone, String source, Instant optedOutAt, String phoneNumberId, String scope) {

        public Entry(String phone, String source, Instant optedOutAt) {
            this(phone, source, optedOutAt, OptOutScopes.EVERY_NUMBER, OptOut.Scope.ALL.name());
        }
    }

    /** The list in (phone or BSUID, number, scope) order after {@code afterPhone} (keyset paged by subject). */
    public Uni<java.util.List<Entry>> page(String afterPhone, int limit) {
        return pool.preparedQuery("""
                        SELECT subject, source, opted_out_at, phone_number_id, scope FROM broadcast.opt_out
                         WHERE subject > $1 ORDER BY subject, phone_number_id, scope LIMIT $2""")
                .execute(Tuple.of(afterPhone == null ? "" : afterPhone, limit))
                .map(rows -> {
                    java.util.List<Entry> entries = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        entries.add(entry(row));
                    }
                    return entries;
                });
    }

    private static Entry entry(Row row) {
        return new Entry(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant(), row.getString(3), row.getString(4));
    }

    /** Adds a number for every business number and every template (an operator's decision); an existing entry is kept. @return the entry as stored */
    public Uni<Entry> add(String phone, String source, Instant at) {
        return pool.preparedQuery("""
                        INSERT INTO broadcast.opt_out (subject, phone_e164, phone_number_id, scope, source, opted_out_at)
                        VALUES ($1, $1, '*', 'ALL', $2, $3)
                        ON CONFLICT (subject, phone_number_id, scope) DO UPDATE SET subject = excluded.subject
                        RETURNING subject, source, opted_out_at, phone_number_id, scope""")
                .execute(Tuple.of(phone, source, at.atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> entry(rows.iterator().next()));
    }

    /** Removes every opt-out of the number (all business numbers, all scopes). @return true when the number was on the list */
    public Uni<Boolean> remove(String phone) {
        return pool.preparedQuery("DELETE FROM broadcast.opt_out WHERE subject = $1").execute(Tuple.of(phone))
                .map(rows -> rows.rowCount() >= 1);
    }

    /**
     * Which of these E.164 numbers (or BSUIDs) are opted out of a {@code category} template sent from
     * {@code phoneNumberId}: one query, whatever the audience's size.
     */
    public Uni<Set<String>> optedOut(Set<String> numbers, String phoneNumberId, String category) {
        if (numbers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery(OPTED_OUT)
                .execute(Tuple.of(numbers.toArray(String[]::new), phoneNumberId,
                        OptOutScopes.blocking(category).toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    for (Row row : rows) {
                        found.add(row.getString(0));
                    }
                    return found;
                });
    }
}
