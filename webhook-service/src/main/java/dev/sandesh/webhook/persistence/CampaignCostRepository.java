package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.pricing.CampaignCost;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A campaign's cost, read from the views of V7 ({@code campaign_cost}, {@code campaign_cost_by_category},
 * {@code campaign_provider_cost}, {@code provider_plan}) — the ones the Grafana panel reads — and
 * nothing computed here, so the API and the dashboard agree to the paisa. Needs a session.
 */
@ApplicationScoped
public class CampaignCostRepository {

    private static final String TOTALS = """
            SELECT currency, attempted, delivered, failed, billable, unpriced, meta_cost, tax_rate, meta_tax,
                   rate_card_version, providers_version, fx_version
              FROM webhook.campaign_cost WHERE campaign_id = CAST(?1 AS uuid)""";

    private static final String SETTING = """
            SELECT currency, tax_rate, rate_card_version, providers_version, fx_version FROM webhook.cost_setting""";

    private static final String CATEGORIES = """
            SELECT country, category, billable, unpriced, meta_cost, original_currency, meta_cost_original
              FROM webhook.campaign_cost_by_category WHERE campaign_id = CAST(?1 AS uuid)
             ORDER BY country, category, original_currency""";

    private static final String PROVIDERS = """
            SELECT p.provider, p.label, p.cost, p.saving, p.saving_percent, p.tax
              FROM webhook.campaign_provider_cost p
              JOIN (SELECT provider, min(seq) AS seq FROM webhook.provider_fee GROUP BY provider) o ON o.provider = p.provider
             WHERE p.campaign_id = CAST(?1 AS uuid)
             ORDER BY o.seq, p.provider""";

    private static final String PLANS = """
            SELECT provider, plan_name, amount, original_amount, original_currency, source, confirmed
              FROM webhook.provider_plan ORDER BY provider, original_amount""";

    private static final String PROVIDER_NAMES = """
            SELECT provider, min(label) FROM webhook.provider_fee GROUP BY provider ORDER BY min(seq), provider""";

    public Uni<CampaignCost> cost(UUID campaignId) {
        String id = campaignId.toString();
        return Panache.getSession().chain(session -> NativeQueries.bind(session.createNativeQuery(TOTALS, Object[].class), id).getResultList()
                .chain(totals -> NativeQueries.bind(session.createNativeQuery(CATEGORIES, Object[].class), id).getResultList()
                        .chain(categories -> NativeQueries.bind(session.createNativeQuery(PROVIDERS, Object[].class), id).getResultList()
                                .chain(providers -> session.createNativeQuery(PLANS, Object[].class).getResultList()
                                        .chain(plans -> totals.isEmpty()
                                                ? empty(session, campaignId, plans)
                                                : Uni.createFrom().item(of(campaignId, totals.getFirst(), categories, providers, plans)))))));
    }

    /** A campaign with nothing sent yet: zeros, and each provider at zero. */
    private Uni<CampaignCost> empty(org.hibernate.reactive.mutiny.Mutiny.Session session, UUID campaignId, List<Object[]> plans) {
        return session.createNativeQuery(SETTING, Object[].class).getResultList()
                .chain(setting -> session.createNativeQuery(PROVIDER_NAMES, Object[].class).getResultList().map(names -> {
                    Object[] s = setting.getFirst();
                    BigDecimal zero = new BigDecimal("0.00");
                    List<Object[]> providers = names.stream().map(n -> new Object[]{n[0], n[1], zero, zero, new BigDecimal("0.0"),
                            s[1] == null ? null : zero}).toList();
                    Object[] totals = {s[0], 0L, 0L, 0L, 0L, 0L, zero, s[1], s[1] == null ? null : zero, s[2], s[3], s[4]};
                    return of(campaignId, totals, List.of(), providers, plans);
                }));
    }

    private static CampaignCost of(UUID campaignId, Object[] t, List<Object[]> categories, List<Object[]> providers, List<Object[]> plans) {
        Map<String, List<CampaignCost.Plan>> plansByProvider = new LinkedHashMap<>();
        for (Object[] p : plans) {
            plansByProvider.computeIfAbsent((String) p[0], k -> new ArrayList<>()).add(new CampaignCost.Plan((String) p[1], decimal(p[2]),
                    decimal(p[3]), (String) p[4], (String) p[5], (Boolean) p[6]));
        }
        return new CampaignCost(campaignId, (String) t[0], count(t[1]), count(t[2]), count(t[3]), count(t[4]), count(t[5]), decimal(t[6]),
                decimal(t[7]), decimal(t[8]),
                categories.stream().map(c -> new CampaignCost.CategoryCost((String) c[0], (String) c[1], count(c[2]), count(c[3]),
                        decimal(c[4]), (String) c[5], decimal(c[6]))).toList(),
                providers.stream().map(p -> new CampaignCost.ProviderCost((String) p[0], (String) p[1], decimal(p[2]), decimal(p[3]),
                        decimal(p[4]), decimal(p[5]), List.copyOf(plansByProvider.getOrDefault((String) p[0], List.of())))).toList(),
                (String) t[9], (String) t[10], (String) t[11]);
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static BigDecimal decimal(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal d -> d;
            case Number n -> new BigDecimal(n.toString());
            default -> new BigDecimal(value.toString());
        };
    }
}
