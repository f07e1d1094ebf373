package dev.sandesh.contracts.pricing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class FxTableTest {

    private static FxTable table(String csv) throws Exception {
        return FxTable.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv");
    }

    @Test
    void anAmountIsConvertedAtTheLatestRateOnOrBeforeItsDay() throws Exception {
        FxTable fx = table("# version: t1\n2026-01-01,USD,INR,80,a\n2026-07-01,USD,INR,90,\"b, c\"\n");
        assertThat(fx.convert(new BigDecimal("0.005"), "usd", "INR", LocalDate.of(2026, 6, 30)).orElseThrow()).isEqualByComparingTo("0.40");
        assertThat(fx.convert(new BigDecimal("0.005"), "USD", "INR", LocalDate.of(2026, 7, 1)).orElseThrow()).isEqualByComparingTo("0.45");
        assertThat(fx.rates().get(0).source()).isEqualTo("b, c");
        assertThat(fx.version()).isEqualTo("t1");
    }

    @Test
    void theOppositePairIsInvertedAndAMissingRateIsNoGuess() throws Exception {
        FxTable fx = table("2026-01-01,USD,INR,80,a\n");
        assertThat(fx.rate("INR", "USD", LocalDate.of(2026, 2, 1)).orElseThrow()).isEqualByComparingTo("0.0125");
        assertThat(fx.rate("BRL", "INR", LocalDate.of(2026, 2, 1))).isEmpty();
        assertThat(fx.rate("USD", "INR", LocalDate.of(2025, 12, 31))).isEmpty();
        assertThat(fx.rate("INR", "INR", LocalDate.of(2020, 1, 1)).orElseThrow()).isEqualByComparingTo("1");
    }

    @Test
    void theShippedTableNamesTheSourceOfEveryRate() {
        assertThat(FxTable.shipped().rates()).isNotEmpty().allSatisfy(r -> assertThat(r.source()).isNotBlank());
    }
}
