package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.pricing.FxTable;
import dev.sandesh.contracts.pricing.ProviderFee;
import dev.sandesh.contracts.pricing.Providers;
import dev.sandesh.contracts.pricing.RateCard;
import dev.sandesh.webhook.config.CostConfig;
import dev.sandesh.webhook.config.WebhookConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Copies what prices a campaign into the tables the cost views read, at every start: the rate card
 * and its volume tiers (contracts' shipped card or {@code sandesh.webhook.rate-card-file} /
 * {@code sandesh.cost.volume-tiers-file}), the FX table (both directions of each rate), each
 * provider's fees and the reporting currency with its tax rate ({@link CostConfig}). The tables are
 * replaced, not merged: a row removed from a file disappears from the views too. One transaction;
 * each table goes as one {@code unnest} of text arrays cast in SQL (nulls stay nulls).
 */
@ApplicationScoped
public class RateCardLoader {

    private static final Logger LOG = Logger.getLogger(RateCardLoader.class);

    /** Everything the views need, from the files this build ships or the operator's. */
    public record CostData(RateCard card, FxTable fx, Providers providers, String currency, BigDecimal taxRate) {
    }

    private static final String INSERT_RATES = """
            INSERT INTO webhook.rate_card (effective_from, country, category, price, currency, source)
            SELECT CAST(a AS date), b, c, CAST(d AS numeric), e, f
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                          CAST(?5 AS text[]), CAST(?6 AS text[])) AS t(a, b, c, d, e, f)""";

    private static final String INSERT_TIERS = """
            INSERT INTO webhook.volume_tier (effective_from, country, category, from_volume, to_volume, price, currency, source)
            SELECT CAST(a AS date), b, c, CAST(d AS bigint), CAST(e AS bigint), CAST(f AS numeric), g, h
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]),
                          CAST(?6 AS text[]), CAST(?7 AS text[]), CAST(?8 AS text[])) AS t(a, b, c, d, e, f, g, h)""";

    private static final String INSERT_FX = """
            INSERT INTO webhook.fx_rate (day, from_currency, to_currency, rate, source)
            SELECT CAST(a AS date), b, c, CAST(d AS numeric), e
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[])) AS t(a, b, c, d, e)
            ON CONFLICT (from_currency, to_currency, day) DO NOTHING""";

    private static final String INSERT_FEES = """
            INSERT INTO webhook.provider_fee (provider, seq, label, kind, category, amount, currency, percent, exempt_codes,
                                              plan_name, effective_from, source, confirmed)
            SELECT a, CAST(b AS integer), c, d, e, CAST(f AS numeric), g, CAST(h AS numeric),
                   CAST(string_to_array(i, ',') AS integer[]), j, CAST(k AS date), l, CAST(m AS boolean)
              FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]),
                          CAST(?6 AS text[]), CAST(?7 AS text[]), CAST(?8 AS text[]), CAST(?9 AS text[]), CAST(?10 AS text[]),
                          CAST(?11 AS text[]), CAST(?12 AS text[]), CAST(?13 AS text[])) AS t(a, b, c, d, e, f, g, h, i, j, k, l, m)""";

    private static final String INSERT_SETTING = """
            INSERT INTO webhook.cost_setting (id, currency, tax_rate, rate_card_version, providers_version, fx_version)
            VALUES (true, CAST(?1 AS text), CAST(CAST(?2 AS text) AS numeric), CAST(?3 AS text), CAST(?4 AS text), CAST(?5 AS text))""";

    private final Transactions transactions;
    private final WebhookConfig config;
    private final CostConfig cost;

    RateCardLoader(Transactions transactions, WebhookConfig config, CostConfig cost) {
        this.transactions = transactions;
        this.config = config;
        this.cost = cost;
    }

    /** What this configuration prices with. */
    public CostData configured() {
        RateCard card = config.rateCardFile().map(RateCard::fromFile).orElseGet(RateCard::shipped);
        if (cost.volumeTiersFile().isPresent()) {
            card = card.withTiersFrom(cost.volumeTiersFile().get());
        }
        return new CostData(card, cost.fxFile().map(FxTable::fromFile).orElseGet(FxTable::shipped),
                cost.providersFile().map(Providers::fromFile).orElseGet(Providers::shipped),
                cost.currency().strip().toUpperCase(Locale.ROOT), cost.taxRate().orElse(null));
    }

    void onStart(@Observes StartupEvent start) {
        CostData data = configured();
        load(data).await().atMost(Duration.ofSeconds(30));
        LOG.infof("cost data loaded: rate card %s (%d rows, %d tiers), FX %s, providers %s (%s), in %s%s",
                data.card().version(), data.card().rates().size(), data.card().tiers().size(), data.fx().version(),
                data.providers().version(), data.providers().providers().stream().map(Providers.Provider::name).collect(Collectors.joining(", ")),
                data.currency(), data.taxRate() == null ? "" : ", tax " + data.taxRate());
    }

    public Uni<Void> load(CostData data) {
        List<String[]> rates = data.card().rates().stream().map(r -> new String[]{r.effectiveFrom().toString(), r.country(), r.category(),
                text(r.price()), r.currency(), r.source()}).toList();
        List<String[]> tiers = data.card().tiers().stream().map(t -> new String[]{t.effectiveFrom().toString(), t.country(), t.category(),
                String.valueOf(t.fromVolume()), t.toVolume() == null ? null : String.valueOf(t.toVolume()), text(t.price()), t.currency(),
                t.source()}).toList();
        List<String[]> fx = new ArrayList<>();
        for (FxTable.FxRate r : data.fx().rates()) {
            fx.add(new String[]{r.day().toString(), r.from(), r.to(), r.rate().toPlainString(), r.source()});
            // the same inverse FxTable.rate computes, so SQL and Java agree to the last digit
            fx.add(new String[]{r.day().toString(), r.to(), r.from(), BigDecimal.ONE.divide(r.rate(), MathContext.DECIMAL64).toPlainString(),
                    "inverse of: " + r.source()});
        }
        List<String[]> fees = new ArrayList<>();
        int seq = 0;
        for (Providers.Provider p : data.providers().providers()) {
            for (ProviderFee fee : p.fees()) {
                fees.add(fee(p, seq++, fee)); // one sequence over the file: the order providers are shown in
            }
        }
        return transactions.inTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("DELETE FROM webhook.rate_card").executeUpdate()
                        .chain(() -> session.createNativeQuery("DELETE FROM webhook.volume_tier").executeUpdate())
                        .chain(() -> session.createNativeQuery("DELETE FROM webhook.fx_rate").executeUpdate())
                        .chain(() -> session.createNativeQuery("DELETE FROM webhook.provider_fee").executeUpdate())
                        .chain(() -> session.createNativeQuery("DELETE FROM webhook.cost_setting").executeUpdate())
                        .chain(() -> insert(session, INSERT_RATES, rates, 6))
                        .chain(() -> insert(session, INSERT_TIERS, tiers, 8))
                        .chain(() -> insert(session, INSERT_FX, fx, 5))
                        .chain(() -> insert(session, INSERT_FEES, fees, 13))
                        .chain(() -> NativeQueries.bind(session.createNativeQuery(INSERT_SETTING), data.currency(), text(data.taxRate()),
                                data.card().version(), data.providers().version(), data.fx().version()).executeUpdate())
                        // Statistics for the small tables just rewritten: without them the planner takes the one-row
                        // cost_setting for hundreds of rows, multiplies every cost estimate by it and JIT-compiles
                        // the dashboard's queries (1.5 s of a 1.7 s panel when JIT is on).
                        .chain(() -> session.createNativeQuery(
                                "ANALYZE webhook.rate_card, webhook.volume_tier, webhook.fx_rate, webhook.provider_fee, webhook.cost_setting")
                                .executeUpdate())))
                .replaceWithVoid();
    }

    private static String[] fee(Providers.Provider p, int seq, ProviderFee fee) {
        // provider, seq, label, kind, category, amount, currency, percent, exempt_codes, plan_name, effective_from, source, confirmed
        String[] row = new String[13];
        row[0] = p.name();
        row[1] = String.valueOf(seq);
        row[2] = p.label();
        row[3] = fee.kind();
        row[8] = "";
        row[10] = fee.from() == null ? null : fee.from().toString();
        row[11] = fee.source();
        row[12] = String.valueOf(fee.confirmed());
        switch (fee) {
            case ProviderFee.PerAttempt f -> {
                row[5] = text(f.amount());
                row[6] = f.currency();
            }
            case ProviderFee.PerFailed f -> {
                row[5] = text(f.amount());
                row[6] = f.currency();
                row[8] = f.exemptErrorCodes().stream().map(String::valueOf).collect(Collectors.joining(","));
            }
            case ProviderFee.BundledPerDelivered f -> {
                row[4] = f.category();
                row[5] = text(f.amount());
                row[6] = f.currency();
            }
            case ProviderFee.MarkupPerDelivered f -> {
                row[4] = f.category();
                row[5] = text(f.amount());
                row[6] = f.currency();
            }
            case ProviderFee.SurchargePercent f -> {
                row[4] = f.category();
                row[7] = text(f.percent());
            }
            case ProviderFee.MonthlyPlan f -> {
                row[5] = text(f.amount());
                row[6] = f.currency();
                row[9] = f.name();
            }
        }
        return row;
    }

    private static Uni<Integer> insert(Mutiny.Session session, String sql, List<String[]> rows, int columns) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Object[] arrays = new Object[columns];
        for (int c = 0; c < columns; c++) {
            int column = c;
            arrays[c] = rows.stream().map(r -> r[column]).toArray(String[]::new);
        }
        return NativeQueries.bind(session.createNativeQuery(sql), arrays).executeUpdate();
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
