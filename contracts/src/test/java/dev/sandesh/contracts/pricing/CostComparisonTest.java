package dev.sandesh.contracts.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's campaign: 2,000 Indian numbers, marketing, half undeliverable (131026), on 25 Nov 2026. */
class CostComparisonTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private final CostComparison comparison = new CostComparison(Providers.shipped(), FxTable.shipped(), "INR");

    private static CostComparison.Usage seed(String category) {
        BigDecimal meta = RateCard.shipped().rate("IN", category, DAY).orElseThrow().price().multiply(BigDecimal.valueOf(1000));
        return new CostComparison.Usage(DAY, 2000, Map.of(131026, 1000L), List.of(new CostComparison.CategoryUsage(category, 1000, meta)));
    }

    private Map<String, CostComparison.ProviderCost> bySeed(String category) {
        return comparison.compare(seed(category)).stream().collect(Collectors.toMap(CostComparison.ProviderCost::name, p -> p));
    }

    @Test
    void theSeedCampaignThroughEachProviderInRupees() {
        var p = bySeed("marketing");
        // Meta: 1,000 delivered × ₹0.8631 = ₹863.10; US$ at 73.33
        assertThat(p.get("twilio").cost()).isEqualByComparingTo("1669.73");   // 863.10 + 2,000 × 0.005 × 73.33 + 1,000 × 0.001 × 73.33
        assertThat(p.get("twilio").saving()).isEqualByComparingTo("806.63");
        assertThat(p.get("twilio").savingPercent()).isEqualByComparingTo("48.3");
        assertThat(p.get("gupshup").cost()).isEqualByComparingTo("1061.55");  // 863.10 + 2,000 × 0.001 × 73.33 + 6 % × 863.10
        assertThat(p.get("aisensy").cost()).isEqualByComparingTo("1090.00");  // 1,000 delivered × ₹1.09, Meta's fee included
        assertThat(p.get("wati").cost()).isEqualByComparingTo("1033.10");     // 863.10 + 1,000 × ₹0.17
        assertThat(p.get("interakt").cost()).isEqualByComparingTo("863.10");
        assertThat(p.get("interakt").saving()).isEqualByComparingTo("0.00");
    }

    @Test
    void monthlyPlansAreListedNotSpreadOverMessages() {
        var wati = bySeed("marketing").get("wati");
        assertThat(wati.monthlyPlans()).singleElement().satisfies(plan -> assertThat(plan.amount()).isEqualByComparingTo("2499.00"));
        assertThat(wati.allConfirmed()).isFalse();
        assertThat(bySeed("marketing").get("interakt").monthlyPlans()).hasSize(2);
    }

    @Test
    void marketingThroughTheMmApiEscapesGupshupsSurchargeAndAiSensyPassesMetaOn() {
        var p = bySeed("marketing_lite");
        assertThat(p.get("gupshup").cost()).isEqualByComparingTo("1009.76"); // 863.10 + 146.66, no 6 %
        assertThat(p.get("aisensy").cost()).isEqualByComparingTo("863.10");  // no bundled marketing_lite price: Meta's fee only
    }

    @Test
    void twilioExemptFailuresAreNotCharged() {
        var u = new CostComparison.Usage(DAY, 10, Map.of(63018, 4L, 131026, 1L), List.of());
        var twilio = comparison.compare(u).stream().filter(c -> c.name().equals("twilio")).findFirst().orElseThrow();
        assertThat(twilio.cost()).isEqualByComparingTo("3.74"); // 10 × 0.36665 + 1 × 0.07333 = 3.73983
    }

    @Test
    void aFeeBeforeItsDateDoesNotApply() {
        var u = new CostComparison.Usage(LocalDate.of(2025, 8, 1), 0, Map.of(),
                List.of(new CostComparison.CategoryUsage("marketing", 100, new BigDecimal("78.46"))));
        var p = comparison.compare(u).stream().collect(Collectors.toMap(CostComparison.ProviderCost::name, c -> c));
        assertThat(p.get("gupshup").cost()).isEqualByComparingTo("78.46"); // the 6 % starts 1 Jan 2026
        assertThat(p.get("aisensy").cost()).isEqualByComparingTo("78.46"); // its bundled card starts 1 Jan 2026
    }

    @Test
    void aFeeWithoutAnFxRateLeavesTheCostUnknown() {
        var brl = new CostComparison(Providers.shipped(), FxTable.shipped(), "BRL");
        var twilio = brl.compare(seed("marketing")).stream().filter(c -> c.name().equals("twilio")).findFirst().orElseThrow();
        assertThat(twilio.cost()).isNull();
    }

    @Test
    void everyShippedFeeNamesItsSourceAndEveryPublishedProviderIsThere() {
        Providers shipped = Providers.shipped();
        assertThat(shipped.providers()).extracting(Providers.Provider::name).containsExactly("twilio", "gupshup", "aisensy", "wati", "interakt");
        assertThat(shipped.providers()).flatExtracting(Providers.Provider::fees).allSatisfy(f -> assertThat(f.source()).isNotBlank());
        assertThat(shipped.version()).isEqualTo("2026-12-01");
    }
}
