package dev.sandesh.broadcast.domain;

import dev.sandesh.broadcast.domain.RetryPolicy.OutcomeState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.sandesh.broadcast.domain.RetryPolicy.retryable;
import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-10-21T06:30:00Z");
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(3));

    private static boolean failed(Integer code, Instant failedAt) {
        return retryable(OutcomeState.FAILED, code, failedAt, NOW, false);
    }

    @Test
    void throughputPairRateTransientAndMaintenanceFailuresAreRetried() {
        for (int code : new int[]{1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004}) {
            assertThat(failed(code, NOW)).as("code " + code).isTrue();
        }
    }

    @Test
    void aLocalNetworkErrorBeforeMetaAnsweredIsRetried() {
        assertThat(failed(-1, NOW)).isTrue();
    }

    @Test
    void theMarketingCapIsRetriedOnlyOnce24HoursHavePassed() {
        Instant failedAt = NOW.minus(Duration.ofHours(24));

        assertThat(failed(131049, failedAt)).as("exactly 24 h").isTrue();
        assertThat(failed(131049, failedAt.plusMillis(1))).as("a millisecond short").isFalse();
        assertThat(failed(131049, NOW.minus(Duration.ofHours(23)))).isFalse();
        assertThat(failed(131049, LONG_AGO)).isTrue();
        assertThat(failed(131049, null)).as("when it failed is unknown").isFalse();
    }

    @Test
    void undeliverableAndStoppedMarketingAreNeverRetriedHoweverLongAgo() {
        assertThat(failed(131026, LONG_AGO)).isFalse();
        assertThat(failed(131050, LONG_AGO)).isFalse();
        assertThat(retryable(OutcomeState.FAILED, 131026, LONG_AGO, NOW, true)).as("includeUnknown changes nothing").isFalse();
        assertThat(retryable(OutcomeState.FAILED, 131050, LONG_AGO, NOW, true)).isFalse();
    }

    @Test
    void permanentTemplateAccountSpamAndRequestErrorsAreNeverRetried() {
        for (int code : new int[]{130403, 130472, 131021, 131048, 132000, 132015, 132016, 131031, 131042, 190, 0, 3, 10, 100, 131008}) {
            assertThat(failed(code, LONG_AGO)).as("code " + code).isFalse();
        }
    }

    @Test
    void aFailureWithoutACodeIsNotRetried() {
        assertThat(failed(null, LONG_AGO)).isFalse();
    }

    @Test
    void anUnknownSendIsRetriedOnlyWhenTheCallerAcceptsADoubleSend() {
        assertThat(retryable(OutcomeState.UNKNOWN, null, LONG_AGO, NOW, false)).isFalse();
        assertThat(retryable(OutcomeState.UNKNOWN, null, LONG_AGO, NOW, true)).isTrue();
    }

    @Test
    void messagesThatWereSentOrHaltedAreNeverRetried() {
        for (OutcomeState state : new OutcomeState[]{OutcomeState.ACCEPTED, OutcomeState.SENT, OutcomeState.DELIVERED,
                OutcomeState.READ, OutcomeState.HALTED}) {
            assertThat(retryable(state, 131000, LONG_AGO, NOW, true)).as(state.name()).isFalse();
        }
    }
}
