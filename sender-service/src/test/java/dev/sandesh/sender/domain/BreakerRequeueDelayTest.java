package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakerRequeueDelayTest {

    private final BreakerRequeueDelay delay = new BreakerRequeueDelay(Duration.ofSeconds(10), Duration.ofMinutes(5));

    @Test
    void theDelayDoublesWithEachRequeue() {
        assertThat(delay.before(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(delay.before(1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(delay.before(2)).isEqualTo(Duration.ofSeconds(40));
        assertThat(delay.before(4)).isEqualTo(Duration.ofSeconds(160));
    }

    @Test
    void theDelayNeverExceedsTheCap() {
        assertThat(delay.before(5)).isEqualTo(Duration.ofMinutes(5)); // 320 s
        assertThat(delay.before(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aNegativeCountIsTheFirstRequeue() {
        assertThat(delay.before(-1)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aCapBelowTheFirstDelayIsRefused() {
        assertThatThrownBy(() -> new BreakerRequeueDelay(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
