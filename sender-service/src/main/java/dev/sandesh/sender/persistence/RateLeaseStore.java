package dev.sandesh.sender.persistence;

import dev.sandesh.sender.domain.NumberRate;
import dev.sandesh.sender.domain.RateLease;
import dev.sandesh.sender.domain.RateShares;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleConsumer;

/**
 * This pod's leases on its numbers' rates: {@code sender.number_rate} and {@code sender.rate_lease}
 * (V5). One renewal is one short transaction holding the number's row lock, in which
 * {@link RateShares} decides this pod's share from every lease of the number; so the renewals of
 * one number, by any pod, never interleave. Lease times are the database's {@code now()}.
 */
@ApplicationScoped
public class RateLeaseStore {

    private static final String ENSURE_NUMBER = """
            INSERT INTO sender.number_rate (phone_number_id, max_rate, throttled_rate) VALUES ($1, $2, $2)
            ON CONFLICT (phone_number_id) DO NOTHING""";

    private static final String LOCK_NUMBER = """
            SELECT max_rate, throttled_rate, throttled_at, now() AS now
              FROM sender.number_rate WHERE phone_number_id = $1 FOR UPDATE""";

    private static final String LEASES = "SELECT instance_id, share, expires_at FROM sender.rate_lease WHERE phone_number_id = $1";

    private static final String UPDATE_NUMBER = """
            UPDATE sender.number_rate SET max_rate = $2, throttled_rate = $3, throttled_at = $4 WHERE phone_number_id = $1""";

    // The expired leases ($3) go (only if still expired: $4 is the renewal's now), and this pod's is written.
    private static final String WRITE_LEASE = """
            WITH expired AS (
                DELETE FROM sender.rate_lease
                 WHERE phone_number_id = $1 AND instance_id = ANY($3) AND expires_at <= $4)
            INSERT INTO sender.rate_lease (phone_number_id, instance_id, share, expires_at, renewed_at)
            VALUES ($1, $2, $5, $6, $4)
            ON CONFLICT (phone_number_id, instance_id) DO UPDATE
               SET share = EXCLUDED.share, expires_at = EXCLUDED.expires_at, renewed_at = EXCLUDED.renewed_at""";

    private static final String RELEASE_LEASE = """
            DELETE FROM sender.rate_lease
             WHERE phone_number_id = $1 AND (instance_id = $2 OR (instance_id = ANY($3) AND expires_at <= $4))""";

    private final Pool pool;
    private final RateShares shares;
    private final String instanceId;

    @Inject
    public RateLeaseStore(Pool pool, RateShares shares) {
        this(pool, shares, defaultInstanceId());
    }

    /** @param instanceId this pod's name in the lease table (two stores with different ids act as two pods) */
    public RateLeaseStore(Pool pool, RateShares shares, String instanceId) {
        this.pool = pool;
        this.shares = shares;
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Renews (or takes, or releases) this pod's lease on the number's rate.
     *
     * @param configuredRate    the number's rate as this pod is configured (its tier)
     * @param wanted            this pod has recipients waiting for the number: false releases the lease
     * @param throttle          a 130429 came since the last renewal: halve the number's shared rate first
     * @param shrinkBeforeCommit given the new share, before the transaction commits: lower the local
     *                          share to it now (another pod can take what this one frees only after the commit)
     * @return the renewal's decision; the caller raises the local share to it after this completes
     */
    public Uni<RateShares.Renewal> renew(String phoneNumberId, double configuredRate, boolean wanted, boolean throttle,
                                         DoubleConsumer shrinkBeforeCommit) {
        return pool.withTransaction(connection -> connection.preparedQuery(ENSURE_NUMBER)
                .execute(Tuple.of(phoneNumberId, configuredRate))
                .chain(() -> connection.preparedQuery(LOCK_NUMBER).execute(Tuple.of(phoneNumberId)))
                .chain(locked -> {
                    Row row = locked.iterator().next();
                    Instant now = row.getOffsetDateTime("now").toInstant();
                    OffsetDateTime throttledAt = row.getOffsetDateTime("throttled_at");
                    NumberRate stored = new NumberRate(row.getDouble("max_rate"), row.getDouble("throttled_rate"),
                            throttledAt == null ? null : throttledAt.toInstant());
                    NumberRate number = stored.withMaxRate(configuredRate);
                    if (throttle) {
                        number = shares.throttle(number, now).orElse(number);
                    }
                    NumberRate decided = number;
                    return connection.preparedQuery(LEASES).execute(Tuple.of(phoneNumberId))
                            .map(rows -> {
                                List<RateLease> leases = new ArrayList<>();
                                for (Row lease : rows) {
                                    leases.add(new RateLease(lease.getString("instance_id"), lease.getDouble("share"),
                                            lease.getOffsetDateTime("expires_at").toInstant()));
                                }
                                return shares.renew(instanceId, wanted, decided, leases, now);
                            })
                            .invoke(renewal -> shrinkBeforeCommit.accept(renewal.share()))
                            .call(renewal -> decided.equals(stored) ? Uni.createFrom().voidItem()
                                    : updateNumber(connection, phoneNumberId, decided))
                            .call(renewal -> writeLease(connection, phoneNumberId, renewal, now));
                }));
    }

    /** Releases every lease of this pod (shutdown): the shares return to the pool at once. Lower the local shares first. */
    public Uni<Integer> releaseAll() {
        return pool.preparedQuery("DELETE FROM sender.rate_lease WHERE instance_id = $1").execute(Tuple.of(instanceId))
                .map(rows -> rows.rowCount());
    }

    /** Every live lease of the number (operations and tests): instance id and share. */
    public Uni<List<RateLease>> leases(String phoneNumberId) {
        return pool.preparedQuery(LEASES + " AND expires_at > now() ORDER BY instance_id").execute(Tuple.of(phoneNumberId))
                .map(rows -> {
                    List<RateLease> leases = new ArrayList<>();
                    for (Row row : rows) {
                        leases.add(new RateLease(row.getString("instance_id"), row.getDouble("share"),
                                row.getOffsetDateTime("expires_at").toInstant()));
                    }
                    return leases;
                });
    }

    private static Uni<Void> updateNumber(SqlConnection connection, String phoneNumberId, NumberRate number) {
        return connection.preparedQuery(UPDATE_NUMBER).execute(Tuple.of(phoneNumberId, number.maxRate(), number.throttledRate(),
                        number.throttledAt() == null ? null : OffsetDateTime.ofInstant(number.throttledAt(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private Uni<Void> writeLease(SqlConnection connection, String phoneNumberId, RateShares.Renewal renewal, Instant now) {
        String[] expired = renewal.expired().toArray(String[]::new);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        if (renewal.lease().isEmpty()) {
            return connection.preparedQuery(RELEASE_LEASE).execute(Tuple.of(phoneNumberId, instanceId, expired, at)).replaceWithVoid();
        }
        RateLease mine = renewal.lease().get();
        return connection.preparedQuery(WRITE_LEASE).execute(Tuple.tuple(List.of(phoneNumberId, instanceId, expired, at,
                        mine.share(), OffsetDateTime.ofInstant(mine.expiresAt(), ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** The pod's name (Knative: the pod's host name) and a random suffix: unique per process, readable in the table. */
    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        String random = UUID.randomUUID().toString();
        return host == null || host.isBlank() ? random : host + "/" + random.substring(0, 8);
    }
}
