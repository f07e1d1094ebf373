package dev.sandesh.sender.domain;

import dev.sandesh.sender.domain.SendPolicy.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SendPolicyTest {

    private final SendPolicy policy = new SendPolicy(3, Duration.ofSeconds(1), new Random(7));

    @Test
    void throughputIsRetriedAfterAGrowingJitteredBackoffThenRecorded() {
        var throughput = new CloudApiError.Throughput(130429, "(#130429) Rate limit hit");

        for (int n = 0; n < 3; n++) {
            Decision decision = policy.decide(throughput, n);
            assertThat(decision).isInstanceOf(Decision.RetryAfter.class);
            Duration after = ((Decision.RetryAfter) decision).after();
            Duration base = Duration.ofSeconds(1L << n);
            assertThat(after).isBetween(base, base.plus(base.dividedBy(2)));
        }
        assertThat(policy.decide(throughput, 3)).isEqualTo(new Decision.Record(throughput));
    }

    @Test
    void transientErrorsAreLeftToTheGatewaysRetries() {
        var transientError = new CloudApiError.Transient(131000, "Something went wrong");

        assertThat(policy.decide(transientError, 0)).isEqualTo(new Decision.RetryWithBackoff());
        assertThat(SendPolicy.retriedByGateway(transientError)).isTrue();
        assertThat(SendPolicy.retriedByGateway(new CloudApiError.Throughput(130429, "t"))).isFalse();
    }

    @Test
    void permanentErrorsAreRecordedNeverRetried() {
        for (int code : new int[] {131026, 131050, 131049, 131048, 131056, 131057, 132001, 190, 100, 424242}) {
            CloudApiError error = CloudApiError.classify(code, 400, "t");
            assertThat(policy.decide(error, 0)).as("code %d", code).isEqualTo(new Decision.Record(error));
            assertThat(SendPolicy.retriedByGateway(error)).as("code %d", code).isFalse();
        }
    }

    @Test
    void aZeroRetryBudgetRecordsTheFirstThroughputError() {
        var noRetries = new SendPolicy(0, Duration.ofSeconds(1), new Random(1));
        var throughput = new CloudApiError.Throughput(130429, "t");

        assertThat(noRetries.decide(throughput, 0)).isEqualTo(new Decision.Record(throughput));
    }
}
