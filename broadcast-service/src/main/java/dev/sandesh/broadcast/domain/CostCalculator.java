package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.pricing.RateCard;
import dev.sandesh.contracts.pricing.ThirdPartyFees;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices campaigns from the versioned rate card: Meta charges per delivered template message, by
 * the recipient's country and the template's category, at the price in force on the day.
 * Countries the card has no row for are reported unpriced, never priced at zero.
 */
public final class CostCalculator {

    private final RateCard card;
    private final ThirdPartyFees thirdParty;

    public CostCalculator(RateCard card, ThirdPartyFees thirdParty) {
        this.card = card;
        this.thirdParty = thirdParty;
    }

    /** One country's share of a campaign. */
    public record CountryCost(String country, long messages, BigDecimal unitPrice, String currency, BigDecimal cost,
                              LocalDate rateEffectiveFrom, String source) {
    }

    /** Cost by country, totals by currency, and the recipients of countries the card cannot price. */
    public record Cost(List<CountryCost> byCountry, Map<String, BigDecimal> totalByCurrency, long unpricedMessages) {
    }

    /** @param thirdPartyFees what a provider adds for the same messages (their fees only; Meta's price comes on top) */
    public record Estimate(Cost meta, BigDecimal thirdPartyFees, String thirdPartyCurrency) {
    }

    /** The cost if every message is delivered: the estimate's upper bound. */
    public Estimate estimate(Map<String, Long> messagesByCountry, TemplateCategory category, LocalDate day) {
        long attempted = messagesByCountry.values().stream().mapToLong(Long::longValue).sum();
        return new Estimate(price(messagesByCountry, category, day), thirdParty.fees(attempted, 0), thirdParty.currency());
    }

    public Cost price(Map<String, Long> messagesByCountry, TemplateCategory category, LocalDate day) {
        List<CountryCost> lines = new ArrayList<>();
        Map<String, BigDecimal> totals = new TreeMap<>();
        long unpriced = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(messagesByCountry).entrySet()) {
            var rate = card.rate(e.getKey(), category.wire(), day);
            if (rate.isEmpty()) {
                unpriced += e.getValue();
                lines.add(new CountryCost(e.getKey(), e.getValue(), null, null, null, null, "no rate on the card"));
                continue;
            }
            BigDecimal cost = rate.get().price().multiply(BigDecimal.valueOf(e.getValue())).setScale(4, RoundingMode.HALF_UP);
            lines.add(new CountryCost(e.getKey(), e.getValue(), rate.get().price(), rate.get().currency(), cost,
                    rate.get().effectiveFrom(), rate.get().source()));
            totals.merge(rate.get().currency(), cost, BigDecimal::add);
        }
        return new Cost(lines, totals, unpriced);
    }
}
