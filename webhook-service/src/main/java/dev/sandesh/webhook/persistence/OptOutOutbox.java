package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code opt_out}: opt-outs recorded in the webhook's transaction and published after its commit
 * (a transactional outbox, so a broker outage loses none). A fact already known is not recorded
 * again, so Meta's duplicates are published once.
 */
@ApplicationScoped
public class OptOutOutbox {

    private static final String INSERT = """
            INSERT INTO webhook.opt_out (phone, action, source, at, recorded_at)
            SELECT u.*, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u
            ON CONFLICT DO NOTHING
            RETURNING phone, action, source, at""";

    private static final String UNPUBLISHED = """
            SELECT phone, action, source, at FROM webhook.opt_out
             WHERE published_at IS NULL ORDER BY recorded_at LIMIT $1""";

    private static final String MARK_PUBLISHED = """
            UPDATE webhook.opt_out SET published_at = $5
             WHERE phone = $1 AND action = $2 AND source = $3 AND at = $4 AND published_at IS NULL""";

    private final Pool pool;

    OptOutOutbox(Pool pool) {
        this.pool = pool;
    }

    /** Records {@code optOuts} in the caller's transaction. @return those not known before, to publish after the commit */
    public Uni<List<OptOut>> record(SqlConnection connection, List<OptOut> optOuts, Instant now) {
        if (optOuts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = optOuts.size();
        String[] phone = new String[n];
        String[] action = new String[n];
        String[] source = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            OptOut o = optOuts.get(i);
            phone[i] = o.phone();
            action[i] = o.action().name();
            source[i] = o.source().name();
            at[i] = utc(o.at());
        }
        return connection.preparedQuery(INSERT).execute(Tuple.of(phone, action, source, at, utc(now))).map(OptOutOutbox::read);
    }

    public Uni<List<OptOut>> unpublished(int limit) {
        return pool.preparedQuery(UNPUBLISHED).execute(Tuple.of(limit)).map(OptOutOutbox::read);
    }

    public Uni<Void> markPublished(OptOut optOut, Instant now) {
        return pool.preparedQuery(MARK_PUBLISHED)
                .execute(Tuple.of(optOut.phone(), optOut.action().name(), optOut.source().name(), utc(optOut.at()), utc(now)))
                .replaceWithVoid();
    }

    private static List<OptOut> read(RowSet<Row> rows) {
        List<OptOut> list = new ArrayList<>();
        for (Row row : rows) {
            list.add(new OptOut(row.getString("phone"), OptOut.Action.valueOf(row.getString("action")),
                    OptOut.Source.valueOf(row.getString("source")), row.getOffsetDateTime("at").toInstant()));
        }
        return list;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
