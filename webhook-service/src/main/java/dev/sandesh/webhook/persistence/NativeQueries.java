package dev.sandesh.webhook.persistence;

import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;

/**
 * How this package's native SQL meets Hibernate Reactive: parameters bound by position, and the
 * two things the Vert.x PostgreSQL client cannot take from Hibernate Reactive as arrays (pinned by
 * {@code ArrayParameterBindingTest}): timestamps go as ISO-8601 {@code text[]} cast to
 * {@code timestamptz[]} in SQL, and {@code bytea} values one parameter each.
 */
final class NativeQueries {

    private NativeQueries() {
    }

    /** Binds {@code params} to ?1..?n of {@code query}. */
    static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Object... params) {
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query;
    }

    /** ISO-8601 (microseconds at most, as Java and PostgreSQL keep them): PostgreSQL reads it back as the same instant. */
    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A timestamp column as epoch microseconds, so that no driver's idea of a time type matters on the way back. */
    static String epochMicros(String column) {
        return "CAST(EXTRACT(EPOCH FROM " + column + ") * 1000000 AS bigint)";
    }

    static Instant fromEpochMicros(Object epochMicros) {
        return epochMicros == null ? null : Instant.EPOCH.plusNanos(Math.multiplyExact(((Number) epochMicros).longValue(), 1000L));
    }
}
