package dev.sandesh.contracts.pricing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateCardTest {

    private final RateCard card = RateCard.shipped();

    @Test
    void indianMarketingIsPricedFromTheCardInForceThatDay() {
        assertThat(card.rate("IN", "marketing", LocalDate.of(2025, 12, 31)).orElseThrow().price()).isEqualByComparingTo("0.7846");
        assertThat(card.rate("in", "MARKETING", LocalDate.of(2026, 1, 1)).orElseThrow().price()).isEqualByComparingTo("0.8631");
        assertThat(card.rate("IN", "marketing", LocalDate.of(2026, 11, 25)).orElseThrow().currency()).isEqualTo("INR");
    }

    @Test
    void aCountryOrDayWithoutARowIsUnpricedNotFree() {
        assertThat(card.rate("US", "marketing", LocalDate.of(2026, 11, 25))).isEmpty();
        assertThat(card.rate("BR", "marketing", LocalDate.of(2026, 6, 30))).isEmpty();
        assertThat(card.rate("BR", "marketing", LocalDate.of(2026, 7, 1)).orElseThrow().price()).isEqualByComparingTo("0.3217");
    }

    @Test
    void everyShippedRowNamesItsSource() {
        assertThat(card.rates()).isNotEmpty().allSatisfy(rate -> assertThat(rate.source()).isNotBlank());
    }

    @Test
    void aMalformedRowIsRefusedWithItsLineNumber() {
        var csv = "# header\n2026-01-01,IN,marketing,not-a-number,INR,x\n";

        assertThatThrownBy(() -> RateCard.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.csv:2:");
    }

    @Test
    void categoriesAreNormalisedSoMetasSpellingsMeetOneRow() {
        LocalDate march = LocalDate.of(2026, 3, 31);
        assertThat(card.rate("IN", "authentication-international", march).orElseThrow().price()).isEqualByComparingTo("2.30");
        assertThat(card.rate("IN", "AUTHENTICATION_INTERNATIONAL", march).orElseThrow().price()).isEqualByComparingTo("2.30");
        assertThat(PricingCategory.normalise(" Authentication-International ")).isEqualTo("authentication_international");
    }

    @Test
    void aRaiseWithoutASourcedFigureIsUnpricedNotTheOldPrice() {
        assertThat(card.rate("IN", "authentication_international", LocalDate.of(2026, 4, 1))).isEmpty();
        assertThat(card.rates()).anySatisfy(r -> assertThat(r.price()).isNull());
    }

    @Test
    void marketingLiteIsBilledAtTheMarketingRate() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        assertThat(card.rate("IN", "marketing_lite", day).orElseThrow().price())
                .isEqualByComparingTo(card.rate("IN", "marketing", day).orElseThrow().price());
    }

    @Test
    void volumeTiersAreMarginalPerMonthlyOrdinal() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        assertThat(card.rate("IN", "utility", day, 750_000).orElseThrow().price()).isEqualByComparingTo("0.1150");
        assertThat(card.rate("IN", "utility", day, 750_001).orElseThrow().price()).isEqualByComparingTo("0.1081");
        assertThat(card.rate("IN", "authentication", day, 100_000_001).orElseThrow().price()).isEqualByComparingTo("0.0805");
        // marketing has no tiers; auth-intl counts on the authentication counter but keeps its own rate
        assertThat(card.rate("IN", "marketing", day, 900_000_000).orElseThrow().price()).isEqualByComparingTo("0.8631");
        assertThat(card.rate("IN", "utility", LocalDate.of(2025, 12, 31), 900_000_000).orElseThrow().price()).isEqualByComparingTo("0.115");
        assertThat(PricingCategory.tierCounter("authentication-international")).contains("authentication");
        assertThat(PricingCategory.tierCounter("marketing")).isEmpty();
    }

    @Test
    void theCardIsVersioned() {
        assertThat(card.version()).isEqualTo("2026-12-01");
        assertThat(card.tiers()).hasSize(12).allSatisfy(t -> assertThat(t.source()).isNotBlank());
    }

    @Test
    void freeTypesAreFree() {
        assertThat(PricingCategory.freeType("free_customer_service")).isTrue();
        assertThat(PricingCategory.freeType("FREE_ENTRY_POINT")).isTrue();
        assertThat(PricingCategory.freeType("regular")).isFalse();
    }
}
