package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.pricing.RateCard;
import dev.sandesh.contracts.pricing.ThirdPartyFees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CostCalculatorTest {

    private static final LocalDate JUNE = LocalDate.of(2025, 6, 15);
    private static final LocalDate JULY = LocalDate.of(2025, 7, 15);

    private final CostCalculator calculator;

    CostCalculatorTest(@TempDir Path dir) throws IOException {
        Path card = dir.resolve("rate-card.csv");
        Files.writeString(card, """
                # effective_from,country,category,price,currency,source
                2025-01-01,IN,marketing,0.7846,INR,test card
                2025-07-01,IN,marketing,0.8631,INR,test card
                2025-07-01,IN,utility,0.1150,INR,test card
                2025-07-01,GB,marketing,0.0529,USD,test card
                """);
        calculator = new CostCalculator(RateCard.fromFile(card), ThirdPartyFees.TWILIO);
    }

    private static CostCalculator.CountryCost line(CostCalculator.Cost cost, String country) {
        return cost.byCountry().stream().filter(l -> l.country().equals(country)).findFirst().orElseThrow();
    }

    @Test
    void deliveredMessagesArePricedAtTheRateInForceOnTheDay() {
        CostCalculator.Cost june = calculator.price(Map.of("IN", 10L), TemplateCategory.MARKETING, JUNE);
        CostCalculator.Cost july = calculator.price(Map.of("IN", 10L), TemplateCategory.MARKETING, JULY);

        assertThat(june.totalByCurrency()).containsExactly(Map.entry("INR", new BigDecimal("7.8460")));
        assertThat(july.totalByCurrency()).containsExactly(Map.entry("INR", new BigDecimal("8.6310")));
        assertThat(line(july, "IN").rateEffectiveFrom()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(line(july, "IN").unitPrice()).isEqualByComparingTo("0.8631");
        assertThat(july.unpricedMessages()).isZero();
    }

    @Test
    void theCategoryDecidesThePrice() {
        assertThat(calculator.price(Map.of("IN", 10L), TemplateCategory.UTILITY, JULY).totalByCurrency())
                .containsExactly(Map.entry("INR", new BigDecimal("1.1500")));
    }

    @Test
    void countriesTheCardHasNoRowForAreUnpricedNotFree() {
        CostCalculator.Cost cost = calculator.price(Map.of("IN", 10L, "ZZ", 5L, "??", 2L), TemplateCategory.MARKETING, JULY);

        assertThat(cost.unpricedMessages()).isEqualTo(7);
        assertThat(cost.totalByCurrency()).containsOnlyKeys("INR");
        assertThat(line(cost, "ZZ")).satisfies(l -> {
            assertThat(l.messages()).isEqualTo(5);
            assertThat(l.cost()).as("unknown, not zero").isNull();
            assertThat(l.unitPrice()).isNull();
            assertThat(l.source()).isEqualTo("no rate on the card");
        });
    }

    @Test
    void aCategoryOrADayTheCardDoesNotCoverIsUnpriced() {
        CostCalculator.Cost authentication = calculator.price(Map.of("IN", 4L), TemplateCategory.AUTHENTICATION, JULY);
        CostCalculator.Cost beforeTheCard = calculator.price(Map.of("GB", 3L), TemplateCategory.MARKETING, JUNE);

        assertThat(authentication.unpricedMessages()).isEqualTo(4);
        assertThat(authentication.totalByCurrency()).isEmpty();
        assertThat(beforeTheCard.unpricedMessages()).isEqualTo(3);
        assertThat(beforeTheCard.totalByCurrency()).isEmpty();
    }

    @Test
    void totalsAreKeptPerCurrencyNeverAddedAcross() {
        CostCalculator.Cost cost = calculator.price(Map.of("IN", 3L, "GB", 1000L), TemplateCategory.MARKETING, JULY);

        assertThat(cost.totalByCurrency()).containsOnly(
                Map.entry("INR", new BigDecimal("2.5893")),
                Map.entry("USD", new BigDecimal("52.9000")));
        assertThat(cost.byCountry()).extracting(CostCalculator.CountryCost::country).containsExactly("GB", "IN");
    }

    @Test
    void theEstimateAddsTheProvidersFeeForEveryAttemptBesideMetasUpperBound() {
        CostCalculator.Estimate estimate = calculator.estimate(Map.of("IN", 600L, "ZZ", 400L), TemplateCategory.MARKETING, JULY);

        assertThat(estimate.meta().totalByCurrency()).containsExactly(Map.entry("INR", new BigDecimal("517.8600")));
        assertThat(estimate.meta().unpricedMessages()).isEqualTo(400);
        assertThat(estimate.thirdPartyFees()).as("attempts include the unpriced country").isEqualByComparingTo("5.000");
        assertThat(estimate.thirdPartyCurrency()).isEqualTo("USD");
    }
}
