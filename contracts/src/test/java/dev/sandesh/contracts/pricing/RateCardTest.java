package dev.sandesh.contracts.pricing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
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
    void thirdPartyFeesChargeEveryAttemptAndMoreForFailures() {
        assertThat(ThirdPartyFees.TWILIO.fees(1000, 30)).isEqualByComparingTo(new BigDecimal("5.030"));
    }
}
