package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.PricingAnalytics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Meta's pricing_analytics per day in {@code pricing_analytics} (a day's rows replaced by each fetch),
 * and the {@code cost_drift} view beside Sandesh's own figures — what the Grafana panel shows.
 */
@ApplicationScoped
public class ReconciliationStore {

    /** One row of {@code cost_drift}. */
    public record Drift(LocalDate day, String country, String category, String pricingType, long sandeshVolume, long metaVolume,
                        BigDecimal sandeshCost, BigDecimal metaCost, BigDecimal drift) {
    }

    private static final String INSERT = """
            INSERT INTO webhook.pricing_analytics (day, country, category, pricing_type, volume, cost, currency, fetched_at)
            SELECT CAST(CAST(?1 AS text) AS date), a, b, c, CAST(d AS bigint), CAST(e AS numeric), (SELECT currency FROM webhook.cost_setting), now()
              FROM unnest(CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]), CAST(?6 AS text[])) AS t(a, b, c, d, e)
            ON CONFLICT (day, country, category, pricing_type) DO UPDATE SET volume = EXCLUDED.volume, cost = EXCLUDED.cost,
                currency = EXCLUDED.currency, fetched_at = EXCLUDED.fetched_at""";

    private static final String DRIFT = """
            SELECT CAST(day AS text), country, category, pricing_type, sandesh_volume, meta_volume, sandesh_cost, meta_cost, drift
              FROM webhook.cost_drift_between(CAST(CAST(?1 AS text) AS date), CAST(CAST(?1 AS text) AS date))
             ORDER BY country, category, pricing_type""";

    private final Transactions transactions;

    ReconciliationStore(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Replaces the day's rows with Meta's points. Meta states cost in the WABA's currency; Sandesh's
     * WABA currency is taken to be the reporting currency ({@code cost_setting}).
     */
    public Uni<Void> store(LocalDate day, List<PricingAnalytics.Point> points) {
        List<PricingAnalytics.Point> ofDay = points.stream().filter(p -> p.day().equals(day)).toList();
        return transactions.inTransaction(() -> Panache.getSession().chain(session -> NativeQueries.bind(
                        session.createNativeQuery("DELETE FROM webhook.pricing_analytics WHERE day = CAST(CAST(?1 AS text) AS date)"), day.toString())
                .executeUpdate()
                .chain(() -> ofDay.isEmpty() ? Uni.createFrom().item(0) : NativeQueries.bind(session.createNativeQuery(INSERT), day.toString(),
                        ofDay.stream().map(PricingAnalytics.Point::country).toArray(String[]::new),
                        ofDay.stream().map(PricingAnalytics.Point::category).toArray(String[]::new),
                        ofDay.stream().map(PricingAnalytics.Point::pricingType).toArray(String[]::new),
                        ofDay.stream().map(p -> String.valueOf(p.volume())).toArray(String[]::new),
                        ofDay.stream().map(p -> p.cost() == null ? null : p.cost().toPlainString()).toArray(String[]::new)).executeUpdate())))
                .replaceWithVoid();
    }

    public Uni<List<Drift>> drift(LocalDate day) {
        return transactions.inSession(() -> Panache.getSession().chain(session -> NativeQueries.bind(
                session.createNativeQuery(DRIFT, Object[].class), day.toString()).getResultList()))
                .map(rows -> rows.stream().map(r -> new Drift(LocalDate.parse((String) r[0]), (String) r[1], (String) r[2], (String) r[3],
                        ((Number) r[4]).longValue(), ((Number) r[5]).longValue(), decimal(r[6]), decimal(r[7]), decimal(r[8]))).toList());
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : new BigDecimal(value.toString());
    }
}
