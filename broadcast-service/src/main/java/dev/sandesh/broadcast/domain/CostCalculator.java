package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.pricing.CostComparison;
import dev.sandesh.contracts.pricing.FxTable;
import dev.sandesh.contracts.pricing.RateCard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The estimate before a campaign: Meta's price for the recipients expected to be delivered (the
 * valid ones less an expected failure share), by country, on the rate in force on the start day,
 * in the reporting currency, and what each provider would charge for the same campaign — the same
 * rules ({@link CostComparison}) webhook-service's cost views apply to the truth afterwards.
 * Countries the card (or the FX table) cannot price are reported unpriced, never priced at zero.
 */
public final class CostCalculator {

    private final RateCard card;
    private final FxTable fx;
    private final CostComparison comparison;

    public CostCalculator(RateCard card, FxTable fx, CostComparison comparison) {
        this.card = card;
        this.fx = fx;
        this.comparison = comparison;
    }

    /** One country: its valid recipients, those expected delivered, and Meta's fee for them (null: unpriced). */
    public record CountryEstimate(String country, long recipients, long expectedDelivered, BigDecimal unitPrice, String rateCurrency,
                                  BigDecimal metaCost, LocalDate rateEffectiveFrom, String source) {
    }

    /** @param metaCost in {@code currency}, to the paisa, of the priced countries */
    public record Estimate(String currency, LocalDate day, double failureShare, long attempted, long expectedDelivered, long expectedFailed,
                           BigDecimal metaCost, long unpricedRecipients, List<CountryEstimate> byCountry,
                           List<CostComparison.ProviderCost> providers) {
    }

    /** @param failureShare expected share of recipients that end failed, 0 (the upper bound of Meta's fee) to 1 */
    public Estimate estimate(Map<String, Long> validByCountry, TemplateCategory category, LocalDate day, double failureShare) {
        if (failureShare < 0 || failureShare > 1 || Double.isNaN(failureShare)) {
            throw new IllegalArgumentException("failure share must be between 0 and 1");
        }
        BigDecimal deliveredShare = BigDecimal.ONE.subtract(BigDecimal.valueOf(failureShare));
        List<CountryEstimate> lines = new ArrayList<>();
        BigDecimal meta = BigDecimal.ZERO;
        long attempted = 0;
        long delivered = 0;
        long unpriced = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(validByCountry).entrySet()) {
            long valid = e.getValue();
            long expected = deliveredShare.multiply(BigDecimal.valueOf(valid)).setScale(0, RoundingMode.HALF_UP).longValue();
            attempted += valid;
            delivered += expected;
            var rate = card.rate(e.getKey(), category.wire(), day);
            var cost = rate.flatMap(r -> fx.convert(r.price().multiply(BigDecimal.valueOf(expected)), r.currency(), comparison.currency(), day));
            if (cost.isEmpty()) {
                unpriced += valid;
                lines.add(new CountryEstimate(e.getKey(), valid, expected, rate.map(RateCard.Rate::price).orElse(null),
                        rate.map(RateCard.Rate::currency).orElse(null), null, rate.map(RateCard.Rate::effectiveFrom).orElse(null),
                        rate.isEmpty() ? "no rate on the card" : "no FX rate to " + comparison.currency()));
                continue;
            }
            meta = meta.add(cost.get());
            lines.add(new CountryEstimate(e.getKey(), valid, expected, rate.get().price(), rate.get().currency(), CostComparison.paisa(cost.get()),
                    rate.get().effectiveFrom(), rate.get().source()));
        }
        long failed = attempted - delivered;
        var usage = new CostComparison.Usage(day, attempted, failed == 0 ? Map.of() : Map.of(0, failed),
                List.of(new CostComparison.CategoryUsage(category.wire(), delivered, meta)));
        return new Estimate(comparison.currency(), day, failureShare, attempted, delivered, failed, CostComparison.paisa(meta), unpriced,
                lines, comparison.compare(usage));
    }
}
