package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.pricing.CostComparison;
import dev.sandesh.contracts.pricing.FxTable;
import dev.sandesh.contracts.pricing.Providers;
import dev.sandesh.contracts.pricing.RateCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostCalculatorTest {

    private static final LocalDate JUNE = LocalDate.of(2025, 6, 15);
    private static final LocalDate JULY = LocalDate.of(2025, 7, 15);
    private static final LocalDate SEED_DAY = LocalDate.of(2026, 12, 1);

    private final CostCalculator calculator;
    private final CostCalculator shipped = new CostCalculator(RateCard.shipped(), FxTable.shipped(),
            new CostComparison(Providers.shipped(), FxTable.shipped(), "INR"));

    CostCalculatorTest(@TempDir Path dir) throws IOException {
        Path card = dir.resolve("rate-card.csv");
        Files.writeString(card, """
                # effective_from,country,category,price,currency,source
                2025-01-01,IN,marketing,0.7846,INR,test card
                2025-07-01,IN,marketing,0.8631,INR,test card
                2025-07-01,IN,utility,0.1150,INR,test card
                2025-07-01,GB,marketing,0.0529,USD,test card
                """);
        calculator = new CostCalculator(RateCard.fromFile(card), FxTable.shipped(), new CostComparison(Providers.shipped(), FxTable.shipped(), "INR"));
    }

    private static CostCalculator.CountryEstimate line(CostCalculator.Estimate e, String country) {
        return e.byCountry().stream().filter(l -> l.country().equals(country)).findFirst().orElseThrow();
    }

    @Test
    void deliveredMessagesArePricedAtTheRateInForceOnTheDay() {
        assertThat(calculator.estimate(Map.of("IN", 10L), TemplateCategory.MARKETING, JUNE, 0).metaCost()).isEqualByComparingTo("7.85");
        var july = calculator.estimate(Map.of("IN", 10L), TemplateCategory.MARKETING, JULY, 0);
        assertThat(july.metaCost()).isEqualByComparingTo("8.63");
        assertThat(line(july, "IN").rateEffectiveFrom()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(line(july, "IN").unitPrice()).isEqualByComparingTo("0.8631");
    }

    @Test
    void theExpectedFailuresAreNotChargedByMetaButArePerAttemptFees() {
        var e = calculator.estimate(Map.of("IN", 1000L), TemplateCategory.MARKETING, JULY, 0.5);
        assertThat(e.expectedDelivered()).isEqualTo(500);
        assertThat(e.expectedFailed()).isEqualTo(500);
        assertThat(e.metaCost()).isEqualByComparingTo("431.55");
        Map<String, BigDecimal> providers = e.providers().stream().collect(Collectors.toMap(CostComparison.ProviderCost::name, CostComparison.ProviderCost::cost));
        // 431.55 + 1,000 × 0.005 × 73.33 (the Twilio failed fee applies from 30 Sep 2024: + 500 × 0.001 × 73.33)
        assertThat(providers.get("twilio")).isEqualByComparingTo("834.87"); // 431.55 + 366.65 + 36.665, rounded once
    }

    @Test
    void anotherCurrencyIsConvertedAndWithoutAnFxRateIsUnpricedNotFree() {
        var e = calculator.estimate(Map.of("IN", 10L, "GB", 1000L, "ZZ", 5L), TemplateCategory.MARKETING, JULY, 0);
        assertThat(line(e, "GB").metaCost()).isEqualByComparingTo("3879.16"); // 52.90 USD × 73.33
        assertThat(line(e, "ZZ").metaCost()).as("unknown, not zero").isNull();
        assertThat(line(e, "ZZ").source()).isEqualTo("no rate on the card");
        assertThat(e.unpricedRecipients()).isEqualTo(5);
        assertThat(e.metaCost()).isEqualByComparingTo("3887.79");
    }

    @Test
    void theCategoryDecidesThePrice() {
        assertThat(calculator.estimate(Map.of("IN", 10L), TemplateCategory.UTILITY, JULY, 0).metaCost()).isEqualByComparingTo("1.15");
        assertThat(calculator.estimate(Map.of("IN", 4L), TemplateCategory.AUTHENTICATION, JULY, 0).unpricedRecipients()).isEqualTo(4);
    }

    /**
     * The seed scenario's real run (README: 2,000 recipients, simulator rule 50 % undeliverable) ended
     * with 982 delivered and 1,018 failed; the estimate at the expected 50 % is within 5 % of that
     * final cost for Meta and every provider.
     */
    @Test
    void onTheSeedCampaignTheEstimateIsWithinFivePercentOfTheFinalCost() {
        var estimate = shipped.estimate(Map.of("IN", 2000L), TemplateCategory.MARKETING, SEED_DAY, 0.5);
        BigDecimal finalMeta = new BigDecimal("0.8631").multiply(BigDecimal.valueOf(982));
        var truth = new CostComparison(Providers.shipped(), FxTable.shipped(), "INR").compare(new CostComparison.Usage(SEED_DAY, 2000,
                Map.of(131026, 1018L), List.of(new CostComparison.CategoryUsage("marketing", 982, finalMeta))));
        assertThat(within5(estimate.metaCost(), CostComparison.paisa(finalMeta))).isTrue();
        for (var actual : truth) {
            var expected = estimate.providers().stream().filter(p -> p.name().equals(actual.name())).findFirst().orElseThrow();
            assertThat(within5(expected.cost(), actual.cost())).as(actual.name() + " " + expected.cost() + " vs " + actual.cost()).isTrue();
        }
        assertThat(truth.getFirst().cost()).isEqualByComparingTo("1655.51"); // the seed run's printed Twilio figure
    }

    @Test
    void aFailureShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> calculator.estimate(Map.of("IN", 1L), TemplateCategory.MARKETING, JULY, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean within5(BigDecimal estimate, BigDecimal actual) {
        return estimate.subtract(actual).abs().compareTo(actual.multiply(new BigDecimal("0.05"))) <= 0;
    }
}
