package dev.sandesh.sender.persistence;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.sender.domain.OptOutCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sender.opt_out}: the opt-outs of {@code sandesh.optouts}, and the one query per batch that
 * tells which claimed recipients are not to be sent ({@link OptOutCheck}). Applying the same fact
 * twice, or an older one after a newer one, changes nothing (the latest {@code at} wins).
 */
@ApplicationScoped
public class OptOutStore {

    /** phone_number_id of an opt-out that applies to every business number. */
    static final String EVERY_NUMBER = "*";

    // One row per subject: the fact, unless the row already holds a newer one.
    private static final String UPSERT = """
            INSERT INTO sender.opt_out (subject, phone_number_id, scope, opted_out, at)
            SELECT s, $2, $3, $4, $5 FROM unnest($1::text[]) AS s
            ON CONFLICT (subject, phone_number_id, scope) DO UPDATE SET opted_out = EXCLUDED.opted_out, at = EXCLUDED.at
                WHERE opt_out.at <= EXCLUDED.at""";

    // An opt-in of ALL also ends marketing opt-outs; one for every number ends each number's.
    private static final String OPT_IN = """
            UPDATE sender.opt_out SET opted_out = false, at = $5
             WHERE subject = ANY($1::text[]) AND opted_out AND at <= $5
               AND ($2 = '*' OR phone_number_id IN ($2, '*'))
               AND ($3 = 'ALL' OR scope = $3)""";

    private static final String OPTED_OUT = """
            SELECT DISTINCT subject FROM sender.opt_out
             WHERE opted_out AND subject = ANY($1::text[]) AND phone_number_id IN ($2, '*') AND scope = ANY($3::text[])""";

    private final Pool pool;

    public OptOutStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> apply(OptOut event) {
        List<String> subjects = new ArrayList<>(2);
        if (event.phone() != null) {
            subjects.add(event.phone());
        }
        if (event.userId() != null) {
            subjects.add(event.userId());
        }
        String number = event.phoneNumberId() == null ? EVERY_NUMBER : event.phoneNumberId();
        boolean optedOut = event.action() == OptOut.Action.OPT_OUT;
        Tuple params = Tuple.of(subjects.toArray(String[]::new), number, event.scope().name(), optedOut,
                OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
        Uni<?> upsert = pool.preparedQuery(UPSERT).execute(params);
        if (!optedOut) {
            Tuple optIn = Tuple.of(subjects.toArray(String[]::new), number, event.scope().name(), false,
                    OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
            upsert = upsert.chain(() -> pool.preparedQuery(OPT_IN).execute(optIn));
        }
        return upsert.replaceWithVoid();
    }

    /** The phones of {@code claimed} opted out of the batch's template from its number: one query. */
    public Uni<Set<String>> optedOut(SendBatch batch, List<SendBatch.Recipient> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] phones = claimed.stream().map(SendBatch.Recipient::phone).toArray(String[]::new);
        String[] scopes = OptOutCheck.blockingScopes(batch.template().category()).stream().map(Enum::name).toArray(String[]::new);
        return pool.preparedQuery(OPTED_OUT).execute(Tuple.of(phones, batch.phoneNumberId(), scopes))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    for (Row row : rows) {
                        found.add(row.getString("subject"));
                    }
                    return found;
                });
    }
}
