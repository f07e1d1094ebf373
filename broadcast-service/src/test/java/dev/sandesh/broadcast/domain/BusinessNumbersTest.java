package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessNumbersTest {

    @Test
    void theDefaultListedTieredAndKeyScopedNumbersAreTheDeploymentsAndNoOthers() {
        BusinessNumbers numbers = BusinessNumbers.of("106540352242922", List.of(" 106540352242923 ", ""), List.of("999000111"),
                ApiKeys.parse(List.of("open-key", "partner=secret@999000222|999000111")));

        assertThat(List.of("106540352242922", "106540352242923", "999000111", "999000222")).allMatch(numbers::contains);
        assertThat(numbers.contains("123")).isFalse();
        assertThat(numbers.size()).isEqualTo(4);
        assertThat(numbers.refusal("123"))
                .startsWith("not one of this deployment's business numbers (106540352242922, 106540352242923, 999000111, 999000222)");
    }

    @Test
    void aRefusalListsTenNumbersAtMost() {
        List<String> many = IntStream.range(10, 30).mapToObj(i -> "5550000" + i).toList();
        String refusal = BusinessNumbers.of("555000000", many, List.of(), ApiKeys.parse(List.of())).refusal("1");
        // sorted: 555000000, then 555000010 … 555000018 make ten
        assertThat(refusal).contains("(555000000, 555000010,").contains("555000018, …)").doesNotContain("555000019");
    }
}
