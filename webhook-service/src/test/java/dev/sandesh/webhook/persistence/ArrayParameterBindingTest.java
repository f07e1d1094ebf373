package dev.sandesh.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-row statements bind one Java array per column through Hibernate Reactive's native
 * queries ({@code unnest(CAST(?1 AS text[]), ...)}). This checks that every element type they use
 * reaches PostgreSQL as the array it is, nulls and odd values included; each value comes back as
 * text so no result-type mapping is involved. Not here because they do not bind (Hibernate Reactive
 * 3.2 with the Vert.x client): {@code Instant[]} and {@code OffsetDateTime[]} (handed over as an
 * {@code Instant[]}, which the client cannot encode as {@code timestamptz[]}) and {@code byte[][]}
 * (the client wants {@code Buffer[]}); timestamps therefore go as ISO-8601 text, as here, and bodies
 * base64 in a {@code text[]}. Single {@code Instant} and {@code byte[]} parameters bind fine.
 */
@QuarkusTest
class ArrayParameterBindingTest {

    private static final String ROUND_TRIP = """
            SELECT u.n::text, u.t, u.id::text, u.seq::text, u.code::text, u.flag::text,
                   CAST(EXTRACT(EPOCH FROM u.at) * 1000000 AS bigint)::text, u.price::text, u.day::text,
                   encode(CAST(?8 AS bytea), 'hex'), CAST(EXTRACT(EPOCH FROM CAST(?11 AS timestamptz)) * 1000000 AS bigint)::text
              FROM unnest(CAST(?1 AS int4[]), CAST(?2 AS text[]), CAST(?3 AS uuid[]), CAST(?4 AS int8[]),
                          CAST(?5 AS int4[]), CAST(?6 AS bool[]), CAST(CAST(?7 AS text[]) AS timestamptz[]),
                          CAST(?9 AS numeric[]), CAST(?10 AS date[]))
                   AS u(n, t, id, seq, code, flag, at, price, day)
             ORDER BY u.n""";

    @Inject
    Transactions transactions;

    @Test
    void javaArraysArriveAsPostgresqlArraysWithTheirNulls() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-09-01T10:15:30.123456Z");
        byte[] body = "{\"x\":\"é\"}".getBytes(StandardCharsets.UTF_8);

        List<Object[]> rows = transactions.inSession(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery(ROUND_TRIP, Object[].class)
                        .setParameter(1, new Integer[]{1, 2, 3})
                        .setParameter(2, new String[]{"it's \"quoted\", {braced}", null, ""})
                        .setParameter(3, new UUID[]{id, null, id})
                        .setParameter(4, new Long[]{Long.MAX_VALUE, null, -1L})
                        .setParameter(5, new Integer[]{131049, null, 0})
                        .setParameter(6, new Boolean[]{true, null, false})
                        .setParameter(7, new String[]{at.toString(), null, OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(5)).toString()})
                        .setParameter(8, body)
                        .setParameter(9, new BigDecimal[]{new BigDecimal("0.025000"), null, new BigDecimal("1234567.123456")})
                        .setParameter(10, new LocalDate[]{LocalDate.of(2025, 7, 1), null, LocalDate.of(2026, 1, 1)})
                        .setParameter(11, at)
                        .getResultList()))
                .await().atMost(Duration.ofSeconds(10));

        String micros = String.valueOf(at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
        String hex = "7b2278223a22c3a9227d";
        assertThat(rows).hasSize(3);
        assertThat(Arrays.asList(rows.get(0))).containsExactly("1", "it's \"quoted\", {braced}", id.toString(),
                String.valueOf(Long.MAX_VALUE), "131049", "true", micros, "0.025000", "2025-07-01", hex, micros);
        assertThat(Arrays.asList(rows.get(1))).containsExactly("2", null, null, null, null, null, null, null, null, hex, micros);
        assertThat(Arrays.asList(rows.get(2))).containsExactly("3", "", id.toString(), "-1", "0", "false", micros, "1234567.123456", "2026-01-01", hex, micros);
    }
}
