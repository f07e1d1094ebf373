package dev.sandesh.webhook.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** {@code raw_event}: the archive of signed webhook bodies, exactly as received. */
@ApplicationScoped
public class RawEventRepository {

    private static final String INSERT = """
            INSERT INTO webhook.raw_event (received_at, body, signature, statuses, unreadable)
            SELECT * FROM unnest($1::timestamptz[], $2::bytea[], $3::text[], $4::int4[], $5::text[])""";

    private static final String PAGE = """
            SELECT id, received_at, body FROM webhook.raw_event
             WHERE received_at >= $1 AND received_at < $2 AND (received_at, id) > ($3, $4)
             ORDER BY received_at, id
             LIMIT $5""";

    private final Pool pool;

    RawEventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Archives {@code events} in the caller's transaction, with one statement. */
    public Uni<Integer> insert(SqlConnection connection, List<RawEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = events.size();
        OffsetDateTime[] received = new OffsetDateTime[n];
        Buffer[] body = new Buffer[n];
        String[] signature = new String[n];
        Integer[] statuses = new Integer[n];
        String[] unreadable = new String[n];
        for (int i = 0; i < n; i++) {
            RawEvent e = events.get(i);
            received[i] = OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC);
            body[i] = Buffer.buffer(e.body());
            signature[i] = e.signature();
            statuses[i] = e.statuses();
            unreadable[i] = e.unreadable();
        }
        return connection.preparedQuery(INSERT).execute(Tuple.of(received, body, signature, statuses, unreadable))
                .map(result -> result.rowCount());
    }

    /** Archived events received in [{@code from}, {@code to}) after the keyset ({@code afterAt}, {@code afterId}), oldest first. */
    public Uni<List<RawEvent.Stored>> page(Instant from, Instant to, Instant afterAt, long afterId, int limit) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(utc(from), utc(to), utc(afterAt), afterId, limit))
                .map(rows -> {
                    List<RawEvent.Stored> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(new RawEvent.Stored(row.getLong("id"), row.getOffsetDateTime("received_at").toInstant(),
                                row.getBuffer("body").getBytes()));
                    }
                    return page;
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
