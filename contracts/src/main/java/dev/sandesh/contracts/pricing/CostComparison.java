package dev.sandesh.contracts.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a campaign would have cost through each provider, in one currency, beside what Sandesh paid
 * Meta. The rules (CLOUD-API-MORE §7): Meta's fee of a category passes through unless the provider
 * bundles it into one per-delivered price; per-attempt fees count every message sent, per-failed
 * fees every failed one not exempt; markups and surcharges apply to delivered messages of their
 * category; monthly plans are listed, not added. Amounts are summed unrounded and rounded to the
 * paisa (2 places, half up) once, as webhook-service's {@code campaign_provider_cost} view does;
 * {@code CostViewsTest} holds the two to the same answers.
 */
public final class CostComparison {

    /** Meta's part of one category: delivered (charged) messages and their fee in the target currency, unrounded. */
    public record CategoryUsage(String category, long delivered, BigDecimal metaCost) {
    }

    /**
     * @param failedByCode failed messages by Meta error code (0 for none)
     */
    public record Usage(LocalDate day, long attempted, Map<Integer, Long> failedByCode, List<CategoryUsage> categories) {

        public long failed() {
            return failedByCode.values().stream().mapToLong(Long::longValue).sum();
        }

        public BigDecimal metaCost() {
            return categories.stream().map(CategoryUsage::metaCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A monthly plan in the target currency (null when no FX rate converts it), with its original figure. */
    public record Plan(String name, BigDecimal amount, BigDecimal originalAmount, String originalCurrency, String source, boolean confirmed) {
    }

    /**
     * @param cost          the campaign through this provider, Meta's fee included; null when a fee has no FX rate
     * @param saving        cost − what Sandesh paid Meta
     * @param savingPercent saving ÷ cost, in percent to one decimal
     */
    public record ProviderCost(String name, String label, BigDecimal cost, BigDecimal saving, BigDecimal savingPercent,
                               List<Plan> monthlyPlans, boolean allConfirmed, String note) {
    }

    private final Providers providers;
    private final FxTable fx;
    private final String currency;

    public CostComparison(Providers providers, FxTable fx, String currency) {
        this.providers = providers;
        this.fx = fx;
        this.currency = currency;
    }

    public static BigDecimal paisa(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    public List<ProviderCost> compare(Usage usage) {
        BigDecimal meta = paisa(usage.metaCost());
        List<ProviderCost> out = new ArrayList<>();
        for (Providers.Provider p : providers.providers()) {
            Optional<BigDecimal> cost = cost(p, usage);
            List<Plan> plans = new ArrayList<>();
            boolean confirmed = true;
            for (ProviderFee fee : p.fees()) {
                if (!fee.inForce(usage.day())) {
                    continue;
                }
                confirmed &= fee.confirmed();
                if (fee instanceof ProviderFee.MonthlyPlan plan) {
                    plans.add(new Plan(plan.name(), fx.convert(plan.amount(), plan.currency(), currency, usage.day()).map(CostComparison::paisa)
                            .orElse(null), plan.amount(), plan.currency(), plan.source(), plan.confirmed()));
                }
            }
            BigDecimal rounded = cost.map(CostComparison::paisa).orElse(null);
            BigDecimal saving = rounded == null ? null : rounded.subtract(meta);
            BigDecimal percent = rounded == null ? null : rounded.signum() == 0 ? BigDecimal.ZERO.setScale(1)
                    : saving.multiply(BigDecimal.valueOf(100)).divide(rounded, 1, RoundingMode.HALF_UP);
            out.add(new ProviderCost(p.name(), p.label(), rounded, saving, percent, List.copyOf(plans), confirmed, p.note()));
        }
        return out;
    }

    /** Unrounded; empty when a fee in force has no FX rate to the target currency. */
    Optional<BigDecimal> cost(Providers.Provider p, Usage u) {
        BigDecimal total = BigDecimal.ZERO;
        for (CategoryUsage c : u.categories()) {
            boolean bundled = p.fees().stream().anyMatch(f -> f instanceof ProviderFee.BundledPerDelivered b
                    && b.category().equals(PricingCategory.normalise(c.category())) && f.inForce(u.day()));
            if (!bundled) {
                total = total.add(c.metaCost());
            }
        }
        for (ProviderFee fee : p.fees()) {
            if (!fee.inForce(u.day())) {
                continue;
            }
            Optional<BigDecimal> part = switch (fee) {
                case ProviderFee.PerAttempt f -> in(f.amount(), f.currency(), u.day()).map(a -> a.multiply(BigDecimal.valueOf(u.attempted())));
                case ProviderFee.PerFailed f -> {
                    long charged = u.failedByCode().entrySet().stream().filter(e -> !f.exemptErrorCodes().contains(e.getKey()))
                            .mapToLong(Map.Entry::getValue).sum();
                    yield in(f.amount(), f.currency(), u.day()).map(a -> a.multiply(BigDecimal.valueOf(charged)));
                }
                case ProviderFee.BundledPerDelivered f -> in(f.amount(), f.currency(), u.day())
                        .map(a -> a.multiply(BigDecimal.valueOf(delivered(u, f.category()))));
                case ProviderFee.MarkupPerDelivered f -> in(f.amount(), f.currency(), u.day())
                        .map(a -> a.multiply(BigDecimal.valueOf(delivered(u, f.category()))));
                case ProviderFee.SurchargePercent f -> Optional.of(u.categories().stream()
                        .filter(c -> PricingCategory.normalise(c.category()).equals(f.category()))
                        .map(CategoryUsage::metaCost).reduce(BigDecimal.ZERO, BigDecimal::add)
                        .multiply(f.percent()).divide(BigDecimal.valueOf(100)));
                case ProviderFee.MonthlyPlan f -> Optional.of(BigDecimal.ZERO);
            };
            if (part.isEmpty()) {
                return Optional.empty();
            }
            total = total.add(part.get());
        }
        return Optional.of(total);
    }

    private Optional<BigDecimal> in(BigDecimal amount, String from, LocalDate day) {
        return fx.convert(amount, from, currency, day);
    }

    private static long delivered(Usage u, String category) {
        return u.categories().stream().filter(c -> PricingCategory.normalise(c.category()).equals(category))
                .mapToLong(CategoryUsage::delivered).sum();
    }

    public String currency() {
        return currency;
    }

    public Providers providers() {
        return providers;
    }
}
