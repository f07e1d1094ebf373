package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.DeliveryStatus;
import dev.sandesh.webhook.domain.Pricing;
import dev.sandesh.webhook.domain.StatusLattice;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes many messages' facts into {@code message_status} with one statement: a multi-row
 * {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE} whose {@code SET} is
 * {@link StatusLattice#join} written in SQL, column by column (a test checks that both agree on
 * random event sequences). The row lock taken by {@code ON CONFLICT} serialises concurrent writers
 * on one message, and each side's facts survive because the merge is a join. Rows go in wamid order,
 * so two batches over the same messages queue up rather than deadlock. A row whose merge changes
 * nothing is not written (no new tuple, no {@code updated_at} bump).
 *
 * <p>The link to a campaign recipient is kept from the first outcome that names one; a wamid is
 * unique to one send, so a second, different owner would be a bug upstream and is ignored.
 *
 * <p>The statement runs on the Hibernate Reactive session of the caller's
 * {@code Panache.withTransaction}, as a native query with one positional parameter per column: each
 * is a Java array that Hibernate Reactive hands to PostgreSQL as an array ({@code unnest} turns them
 * back into rows), so the statement text and its plan are the same whatever the batch size. The
 * timestamps travel as ISO-8601 {@code text[]} cast to {@code timestamptz[]} in SQL: Hibernate
 * Reactive turns an {@code Instant[]} or {@code OffsetDateTime[]} parameter into an {@code Instant[]},
 * which the Vert.x PostgreSQL client cannot encode as {@code timestamptz[]}
 * (see {@link NativeQueries}). The mapped entity is {@link MessageStatus}.
 *
 * <p>The same statement records the storefront events of the rows it changed ({@link #UPSERT}), so
 * an event exists exactly when its status was committed, at no extra round trip.
 */
@ApplicationScoped
public class MessageStatusWriter {

    private final StorefrontEvents storefrontEvents;

    MessageStatusWriter(StorefrontEvents storefrontEvents) {
        this.storefrontEvents = storefrontEvents;
    }

    /** Lattice rank of a status: its position in {@link DeliveryStatus}'s declaration order. */
    private static final String RANKS = Arrays.stream(DeliveryStatus.values())
            .map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(",", "CAST(ARRAY[", "] AS text[])"));

    private static String rank(String column) {
        return "array_position(" + RANKS + ", " + column + ")";
    }

    private static String earliest(String column) {
        return "LEAST(t." + column + ", e." + column + ")";
    }

    /** Of two texts a value beats none, two values give the greater (Java's String order: byte order, COLLATE "C"). */
    private static String greatest(String column) {
        return "GREATEST(t." + column + " COLLATE \"C\", e." + column + " COLLATE \"C\")";
    }

    private static final String T_NO_ERROR = "(t.error_code IS NULL AND t.error_title IS NULL)";
    private static final String E_NO_ERROR = "(e.error_code IS NULL AND e.error_title IS NULL)";

    /** StatusLattice.failureError: true when the incoming (EXCLUDED) error replaces the stored one. */
    private static final String TAKE_INCOMING_ERROR = """
            CASE WHEN t.failed_at IS NULL OR e.failed_at IS NULL THEN t.failed_at IS NULL
                 WHEN e.failed_at <> t.failed_at THEN e.failed_at < t.failed_at
                 WHEN %s OR %s THEN %s
                 WHEN e.error_code IS DISTINCT FROM t.error_code
                      THEN CASE WHEN e.error_code IS NULL THEN false WHEN t.error_code IS NULL THEN true
                                ELSE e.error_code < t.error_code END
                 ELSE CASE WHEN e.error_title IS NULL THEN false WHEN t.error_title IS NULL THEN true
                           ELSE e.error_title COLLATE "C" < t.error_title COLLATE "C" END
            END""".formatted(T_NO_ERROR, E_NO_ERROR, T_NO_ERROR);

    /** Merged value of each column, in SQL; t = the stored row, e = EXCLUDED (the batch's folded facts). */
    private static final List<String[]> MERGE = List.of(
            new String[]{"status", "CASE WHEN " + rank("e.status") + " > " + rank("t.status") + " THEN e.status ELSE t.status END"},
            new String[]{"accepted_at", earliest("accepted_at")},
            new String[]{"sent_at", earliest("sent_at")},
            new String[]{"delivered_at", earliest("delivered_at")},
            new String[]{"read_at", earliest("read_at")},
            new String[]{"failed_at", earliest("failed_at")},
            new String[]{"error_code", "CASE WHEN " + TAKE_INCOMING_ERROR + " THEN e.error_code ELSE t.error_code END"},
            new String[]{"error_title", "CASE WHEN " + TAKE_INCOMING_ERROR + " THEN e.error_title ELSE t.error_title END"},
            // Pricing.join: billable if either says so; a value beats none
            new String[]{"billable", "COALESCE(t.billable OR e.billable, t.billable, e.billable)"},
            new String[]{"pricing_model", greatest("pricing_model")},
            new String[]{"pricing_type", greatest("pricing_type")},
            new String[]{"pricing_category", greatest("pricing_category")},
            new String[]{"recipient_id", "LEAST(t.recipient_id COLLATE \"C\", e.recipient_id COLLATE \"C\")"},
            new String[]{"campaign_id", "COALESCE(t.campaign_id, e.campaign_id)"},
            new String[]{"recipient_seq", "CASE WHEN t.campaign_id IS NULL THEN e.recipient_seq ELSE t.recipient_seq END"},
            new String[]{"country", "CASE WHEN t.campaign_id IS NULL THEN e.country ELSE t.country END"},
            new String[]{"external_id", "CASE WHEN t.campaign_id IS NULL THEN e.external_id ELSE t.external_id END"});

    /** ?1..?18 of {@link #UPSERT}: timestamps as ISO-8601 text (see {@link NativeQueries}); without a link, no campaign columns. */
    private static final ArrayColumns<StatusRow> COLUMNS = new ArrayColumns<StatusRow>()
            .column(String[]::new, StatusRow::wamid)
            .column(UUID[]::new, r -> r.link() == null ? null : r.link().campaignId())
            .column(Long[]::new, r -> r.link() == null ? null : r.link().recipientSeq())
            .column(String[]::new, r -> r.link() == null ? null : r.link().country())
            .column(String[]::new, r -> r.state().status().wireName())
            .column(String[]::new, r -> NativeQueries.iso(r.state().acceptedAt()))
            .column(String[]::new, r -> NativeQueries.iso(r.state().sentAt()))
            .column(String[]::new, r -> NativeQueries.iso(r.state().deliveredAt()))
            .column(String[]::new, r -> NativeQueries.iso(r.state().readAt()))
            .column(String[]::new, r -> NativeQueries.iso(r.state().failedAt()))
            .column(Integer[]::new, r -> r.state().error() == null ? null : r.state().error().code())
            .column(String[]::new, r -> r.state().error() == null ? null : r.state().error().title())
            .column(String[]::new, r -> pricing(r, Pricing::category))
            .column(String[]::new, r -> pricing(r, Pricing::type))
            .column(String[]::new, r -> pricing(r, Pricing::pricingModel))
            .column(Boolean[]::new, r -> pricing(r, Pricing::billable))
            .column(String[]::new, r -> r.state().recipientId())
            .column(String[]::new, r -> r.link() == null ? null : r.link().externalId());

    private static <V> V pricing(StatusRow row, Function<Pricing, V> field) {
        Pricing p = row.state().pricing();
        return p == null ? null : field.apply(p);
    }

    /**
     * The upsert, and in the same statement the storefront events of what it changed: a row it
     * returns (inserted, or changed by the merge) that is tied to a campaign recipient and now
     * stands at an enabled status (?20: failed, delivered, read) reports that status once —
     * {@code dedup_key} {@code message.<status>:<wamid>} makes a replayed webhook, a repeated fact or a
     * later change of another column (pricing) no second event. A status that arrived before the
     * outcome is reported when the outcome ties the row. The result is the number of rows written.
     */
    static final String UPSERT = """
            WITH up AS (
            INSERT INTO webhook.message_status AS t (wamid, campaign_id, recipient_seq, country, status,
                accepted_at, sent_at, delivered_at, read_at, failed_at, error_code, error_title,
                pricing_category, pricing_type, pricing_model, billable, recipient_id, external_id, updated_at)
            SELECT u.*, CAST(?19 AS timestamptz)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS uuid[]), CAST(?3 AS int8[]), CAST(?4 AS text[]), CAST(?5 AS text[]),
                          CAST(CAST(?6 AS text[]) AS timestamptz[]), CAST(CAST(?7 AS text[]) AS timestamptz[]),
                          CAST(CAST(?8 AS text[]) AS timestamptz[]), CAST(CAST(?9 AS text[]) AS timestamptz[]),
                          CAST(CAST(?10 AS text[]) AS timestamptz[]),
                          CAST(?11 AS int4[]), CAST(?12 AS text[]), CAST(?13 AS text[]), CAST(?14 AS text[]), CAST(?15 AS text[]),
                          CAST(?16 AS bool[]), CAST(?17 AS text[]), CAST(?18 AS text[])) AS u
            ON CONFLICT (wamid) DO UPDATE SET
                %s,
                updated_at = EXCLUDED.updated_at
            WHERE (%s) IS DISTINCT FROM (%s)
            RETURNING wamid, campaign_id, recipient_seq, external_id, status, error_code, error_title, delivered_at, read_at, failed_at
            ), events AS (
            INSERT INTO webhook.storefront_event (id, dedup_key, type, subject, data, occurred_at)
            SELECT gen_random_uuid(), 'message.' || up.status || ':' || up.wamid, 'sandesh.message.' || up.status,
                   CAST(up.campaign_id AS text),
                   jsonb_strip_nulls(jsonb_build_object('campaignId', up.campaign_id, 'sequence', up.recipient_seq,
                       'externalId', up.external_id, 'wamid', up.wamid, 'status', up.status,
                       'errorCode', CASE WHEN up.status = 'failed' THEN up.error_code END,
                       'errorTitle', CASE WHEN up.status = 'failed' THEN up.error_title END)),
                   COALESCE(CASE up.status WHEN 'failed' THEN up.failed_at WHEN 'delivered' THEN up.delivered_at
                                           WHEN 'read' THEN up.read_at END, CAST(?19 AS timestamptz))
              FROM up
             WHERE up.campaign_id IS NOT NULL AND up.status = ANY(CAST(?20 AS text[]))
             ORDER BY up.campaign_id, up.recipient_seq, up.wamid
            ON CONFLICT (dedup_key) DO NOTHING
            )
            SELECT CAST(count(*) AS int4) FROM up""".formatted(
            MERGE.stream().map(c -> c[0] + " = " + excluded(c[1])).collect(Collectors.joining(",\n    ")),
            MERGE.stream().map(c -> "t." + c[0]).collect(Collectors.joining(", ")),
            MERGE.stream().map(c -> excluded(c[1])).collect(Collectors.joining(", ")));

    private static String excluded(String expression) {
        return expression.replaceAll("\\be\\.", "EXCLUDED.");
    }

    /**
     * Merges {@code rows} (at most one per wamid: fold a batch's events first) in the current
     * {@code Panache.withTransaction}. @return rows inserted or changed
     */
    public Uni<Integer> upsert(Collection<StatusRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<StatusRow> sorted = rows.stream().sorted(Comparator.comparing(StatusRow::wamid)).toList();
        List<Object> params = new ArrayList<>(COLUMNS.arrays(sorted));
        params.add(now);
        params.add(storefrontEvents.enabledStatuses());
        return Panache.getSession().chain(session -> NativeQueries.bind(session.createNativeQuery(UPSERT, Integer.class), params.toArray())
                .getSingleResult());
    }

}
