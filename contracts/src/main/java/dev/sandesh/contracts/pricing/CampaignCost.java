package dev.sandesh.contracts.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A campaign's cost truth as webhook-service's cost views compute it, read by broadcast-service's
 * {@code GET /v1/campaigns/{id}/cost} and by Grafana from the same views. Every amount is in
 * {@code currency} (the reporting currency), rounded to the paisa; the card's own currency is kept
 * beside in {@link CategoryCost}. Tax (GST) is shown apart, null when not configured.
 *
 * @param delivered messages delivered or read; {@code billable} of them charged by Meta, {@code unpriced} with no price
 */
public record CampaignCost(UUID campaignId, String currency, long attempted, long delivered, long failed, long billable, long unpriced,
                           BigDecimal metaCost, BigDecimal taxRate, BigDecimal metaTax, List<CategoryCost> byCategory,
                           List<ProviderCost> providers, String rateCardVersion, String providersVersion, String fxVersion) {

    /** Meta's fee for one country × category, in the reporting currency and in the card's currency. */
    public record CategoryCost(String country, String category, long billable, long unpriced, BigDecimal metaCost,
                               String originalCurrency, BigDecimal metaCostOriginal) {
    }

    /**
     * What the campaign would have cost through a provider, Meta's fee included ({@code cost}; null
     * when a fee has no FX rate), {@code saving} = cost − metaCost, its share of cost in percent.
     * Monthly plans are listed, never spread over the messages.
     */
    public record ProviderCost(String name, String label, BigDecimal cost, BigDecimal saving, BigDecimal savingPercent, BigDecimal tax,
                               List<Plan> monthlyPlans) {
    }

    public record Plan(String name, BigDecimal amount, BigDecimal originalAmount, String originalCurrency, String source, boolean confirmed) {
    }
}
