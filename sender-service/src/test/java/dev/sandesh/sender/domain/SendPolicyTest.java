package dev.sandesh.sender.domain;

import dev.sandesh.sender.domain.SendPolicy.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SendPolicyTest {

    private final SendPolicy policy = new SendPolicy(3, Duration.ofSeconds(1), new Random(7));

    @Test
    void throughputSlowsTheNumberDownAndRetriesAfterAGrowingJitteredBackoffThenRecords() {
        var throughput = new CloudApiError.Throughput(130429, "(#130429) Rate limit hit");

        for (int n = 0; n < 3; n++) {
            Decision decision = policy.decide(throughput, n);
            assertThat(decision).isInstanceOf(Decision.SlowDownThenRetry.class);
            Duration after = ((Decision.SlowDownThenRetry) decision).after();
            Duration base = Duration.ofSeconds(1L << n);
            assertThat(after).isBetween(base, base.plus(base.dividedBy(2)));
        }
        assertThat(policy.decide(throughput, 3)).isEqualTo(new Decision.Record(throughput));
    }

    @Test
    void pairRateRetriesThatRecipientAloneAfterFourToTheNSecondsThenRecords() {
        var pairRate = CloudApiError.classify(131056, 400, "pair rate");

        assertThat(policy.decide(pairRate, 0)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(4)));
        assertThat(policy.decide(pairRate, 1)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(16)));
        assertThat(policy.decide(pairRate, 2)).isEqualTo(new Decision.RetryAfter(Duration.ofSeconds(64)));
        assertThat(policy.decide(pairRate, 3)).isEqualTo(new Decision.Record(pairRate));
    }

    @Test
    void maintenancePausesTheNumberForAMinuteThenRetriesBoundedly() {
        var maintenance = CloudApiError.classify(131057, 400, "maintenance");

        assertThat(policy.decide(maintenance, 0)).isEqualTo(new Decision.PauseNumberThenRetry(Duration.ofSeconds(60)));
        assertThat(policy.decide(maintenance, 1)).isEqualTo(new Decision.PauseNumberThenRetry(Duration.ofSeconds(60)));
        assertThat(policy.decide(maintenance, 2)).isEqualTo(new Decision.Record(maintenance));
    }

    @Test
    void aTemplatePausedDisabledOrStillSyncingAtMetaPausesTheCampaignInsteadOfBurningIt() {
        for (int code : new int[] {132015, 132016, 134101}) {
            CloudApiError error = CloudApiError.classify(code, 400, "t");
            assertThat(error).isInstanceOf(CloudApiError.TemplateOnHold.class);
            assertThat(policy.decide(error, 0)).as("code %d", code)
                    .isEqualTo(new Decision.PauseCampaign((CloudApiError.TemplateOnHold) error));
        }
        assertThat(((CloudApiError.TemplateOnHold) CloudApiError.classify(132015, 400, "t")).reason())
                .isEqualTo("template paused by Meta (132015)");
        assertThat(((CloudApiError.TemplateOnHold) CloudApiError.classify(132016, 400, "t")).reason())
                .isEqualTo("template disabled by Meta (132016)");
    }

    @Test
    void theMarketingMessagesApisTemplateUnavailableIsAHaltDespiteItsHttp500() {
        // 134102 comes with HTTP 500 but is permanent until Meta's support fixes it (CLOUD-API-MORE §5).
        CloudApiError unavailable = CloudApiError.classify(134102, 500, "Template unavailable");
        assertThat(SendPolicy.retriedByGateway(unavailable)).isFalse();
        assertThat(policy.decide(unavailable, 0)).isEqualTo(new Decision.HaltCampaign(unavailable));
        // 132018 (a parameter's whitespace) and 100 on the MM API are the recipient's or the request's: recorded.
        for (int code : new int[] {132018, 100, 131009}) {
            CloudApiError error = CloudApiError.classify(code, 400, "t");
            assertThat(policy.decide(error, 0)).as("code %d", code).isEqualTo(new Decision.Record(error));
        }
    }

    @Test
    void templateErrorsHaltTheCampaignAndAccountErrorsHaltTheNumber() {
        for (int code : new int[] {132000, 132001, 132005, 132007, 132012, 131063, 131064, 131055, 134100}) {
            CloudApiError error = CloudApiError.classify(code, 400, "t");
            assertThat(policy.decide(error, 0)).as("code %d", code).isEqualTo(new Decision.HaltCampaign(error));
        }
        for (int code : new int[] {0, 3, 10, 190, 200, 299, 368, 131031, 131042, 131045, 133010, 131048}) {
            CloudApiError error = CloudApiError.classify(code, 400, "t");
            assertThat(policy.decide(error, 0)).as("code %d", code).isEqualTo(new Decision.HaltNumber(error));
        }
    }

    @Test
    void aCountryRestrictionFailsThatRecipientAndNeverHaltsTheNumberOrTheCampaign() {
        CloudApiError error = CloudApiError.classify(130497, 400, "Business account is restricted from messaging users in this country");

        assertThat(error).isInstanceOf(CloudApiError.RecipientPermanent.class);
        assertThat(policy.decide(error, 0)).isEqualTo(new Decision.Record(error));
    }

    @Test
    void stoppedMarketingIsRecordedAndBecomesAnOptOut() {
        CloudApiError error = CloudApiError.classify(131050, 400, "stopped marketing");

        assertThat(policy.decide(error, 0)).isEqualTo(new Decision.RecordAndOptOut(error));
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
        for (int code : new int[] {131026, 130403, 130472, 131021, 131049, 100, 131008, 131009, 131051, 135000, 424242}) {
            CloudApiError error = CloudApiError.classify(code, 400, "t");
            assertThat(policy.decide(error, 0)).as("code %d", code).isEqualTo(new Decision.Record(error));
            assertThat(SendPolicy.retriedByGateway(error)).as("code %d", code).isFalse();
        }
    }

    @Test
    void noErrorIsRetriedByTheGatewayButTransientOnes() {
        for (int code : new int[] {130429, 131056, 131057, 131050, 131048, 132015, 190}) {
            assertThat(SendPolicy.retriedByGateway(CloudApiError.classify(code, 400, "t"))).as("code %d", code).isFalse();
        }
    }

    @Test
    void aZeroRetryBudgetRecordsTheFirstThroughputError() {
        var noRetries = new SendPolicy(0, Duration.ofSeconds(1), new Random(1));
        var throughput = new CloudApiError.Throughput(130429, "t");

        assertThat(noRetries.decide(throughput, 0)).isEqualTo(new Decision.Record(throughput));
    }

    // --- the error class of a finished send (sandesh_sender_sends_total{error_class}) ---------

    @Test
    void onlyAFailureWithACodeHasAnErrorClass() {
        assertThat(SendPolicy.errorClassOf(SendResult.accepted(0, "wamid", 1))).isEqualTo("none");
        assertThat(SendPolicy.errorClassOf(SendResult.unknown(0, "timeout", 1))).isEqualTo("none");
        assertThat(SendPolicy.errorClassOf(SendResult.deferred(0, LocalError.BREAKER_OPEN.code(), "open"))).isEqualTo("none");
    }

    @Test
    void metasCodesAreClassifiedAsTheirAnswerWas() {
        assertThat(SendPolicy.errorClassOf(failedWith(131026))).isEqualTo("recipient_permanent");
        assertThat(SendPolicy.errorClassOf(failedWith(130429))).isEqualTo("throughput");
        assertThat(SendPolicy.errorClassOf(failedWith(132001))).isEqualTo("template");
        assertThat(SendPolicy.errorClassOf(failedWith(132015))).isEqualTo("template_on_hold");
        assertThat(SendPolicy.errorClassOf(failedWith(999_999))).isEqualTo("unrecognised");
    }

    @Test
    void localCodesHaveTheirOwnClasses() {
        assertThat(SendPolicy.errorClassOf(failedWith(LocalError.CONNECT_FAILED.code()))).isEqualTo("transient");
        assertThat(SendPolicy.errorClassOf(failedWith(LocalError.NOT_SENT.code()))).isEqualTo("local");
        assertThat(SendPolicy.errorClassOf(failedWith(new LocalError.HttpStatusOnly(503).code()))).isEqualTo("transient");
        assertThat(SendPolicy.errorClassOf(failedWith(new LocalError.HttpStatusOnly(429).code()))).isEqualTo("throughput");
        assertThat(SendPolicy.errorClassOf(failedWith(new LocalError.HttpStatusOnly(404).code()))).isEqualTo("unrecognised");
    }

    private static SendResult failedWith(int code) {
        return new SendResult(0, LedgerState.FAILED, null, code, "t", 1);
    }
}
