package dev.sandesh.simulator.domain;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientCountsTest {

    @Test
    void countsEveryRecipientLikeAMapAcrossGrowth() {
        RecipientCounts counts = new RecipientCounts();
        Map<String, Integer> expected = new HashMap<>();
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            // digits (the common case), a leading zero and non-digits (kept aside), some sent twice or more
            String waId = switch (i % 50) {
                case 0 -> "0" + random.nextInt(1_000);
                case 1 -> "abc" + random.nextInt(1_000);
                default -> "91" + (9_000_000_000L + random.nextInt(150_000));
            };
            counts.increment(waId);
            expected.merge(waId, 1, Integer::sum);
        }
        assertThat(counts.size()).isEqualTo(expected.size());
        expected.forEach((waId, n) -> assertThat(counts.get(waId)).as(waId).isEqualTo(n));
        assertThat(counts.get("919999999999")).isZero();
        Map<String, Integer> twiceOrMore = new HashMap<>();
        counts.forEachAbove(1, twiceOrMore::put);
        Map<String, Integer> expectedTwice = new HashMap<>();
        expected.forEach((waId, n) -> {
            if (n > 1) {
                expectedTwice.put(waId, n);
            }
        });
        assertThat(twiceOrMore).isEqualTo(expectedTwice);
    }

    @Test
    void clearForgetsEveryone() {
        RecipientCounts counts = new RecipientCounts();
        counts.increment("919876543210");
        counts.increment("not-a-number");
        counts.clear();
        assertThat(counts.size()).isZero();
        assertThat(counts.get("919876543210")).isZero();
        assertThat(counts.get("not-a-number")).isZero();
    }
}
