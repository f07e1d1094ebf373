package dev.sandesh.sender.domain;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BatchRecipientsTest {

    private static final UUID CAMPAIGN = UUID.randomUUID();
    private final FakeClock clock = new FakeClock();

    @Test
    void aRepeatedSequenceIsOneRecipientKeptInBatchOrder() {
        BatchRecipients recipients = BatchRecipients.of(batch(recipient(2), recipient(0), recipient(2), recipient(1)));

        assertThat(recipients.size()).isEqualTo(3);
        assertThat(recipients.claimed(Set.of(0L, 1L, 2L))).extracting(SendBatch.Recipient::sequence).containsExactly(2L, 0L, 1L);
        assertThat(recipients.claimed(Set.of(1L))).extracting(SendBatch.Recipient::sequence).containsExactly(1L);
    }

    @Test
    void theOutcomeMergesEarlierResultsWithMineAndMineWin() {
        BatchRecipients recipients = BatchRecipients.of(batch(recipient(0), recipient(1), recipient(2)));
        List<SendResult> earlier = List.of(SendResult.accepted(0, "wamid.early", 1), SendResult.unknown(1, "died mid-send", 1));
        List<SendResult> mine = List.of(SendResult.accepted(1, "wamid.mine", 1), SendResult.failed(2,
                new CloudApiError.RecipientPermanent(131026, "Message undeliverable"), 1));

        BatchOutcome outcome = recipients.outcome(mine, earlier);

        assertThat(outcome.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(outcome.batchNumber()).isEqualTo(7);
        assertThat(outcome.recipients()).extracting(RecipientOutcome::sequence).containsExactly(0L, 1L, 2L);
        assertThat(outcome.recipients()).extracting(RecipientOutcome::wamid).containsExactly("wamid.early", "wamid.mine", null);
        RecipientOutcome failed = outcome.recipients().get(2);
        assertThat(failed.result()).isEqualTo(BatchOutcome.Result.FAILED);
        assertThat(failed.errorCode()).isEqualTo(131026);
        assertThat(failed.country()).isEqualTo("IN");
    }

    @Test
    void theOutcomeNamesEachRecipientsExternalIdForTheStorefront() {
        var named = new SendBatch.Recipient(0, "+919000000000", "IN", List.of("x"), java.util.Map.of(), "cust-0");
        BatchRecipients recipients = BatchRecipients.of(batch(named, recipient(1)));

        BatchOutcome outcome = recipients.outcome(List.of(SendResult.accepted(0, "wamid.0", 1), SendResult.accepted(1, "wamid.1", 1)), List.of());

        assertThat(outcome.recipients()).extracting(RecipientOutcome::externalId).containsExactly("cust-0", null);
    }

    @Test
    void aRecipientWithoutAnyResultIsReportedUnknownNotDropped() {
        BatchRecipients recipients = BatchRecipients.of(batch(recipient(0), recipient(1)));

        BatchOutcome outcome = recipients.outcome(List.of(SendResult.accepted(0, "wamid.0", 1)), List.of());

        RecipientOutcome missing = outcome.recipients().get(1);
        assertThat(missing.result()).isEqualTo(BatchOutcome.Result.UNKNOWN);
        assertThat(missing.errorTitle()).isEqualTo(BatchRecipients.NO_LEDGER_RECORD);
    }

    @Test
    void onlyStoppedMarketingFailuresBecomeOptOuts() {
        BatchRecipients recipients = BatchRecipients.of(batch(recipient(0), recipient(1), recipient(2)));
        List<SendResult> mine = List.of(
                SendResult.failed(0, new CloudApiError.RecipientPermanent(SendPolicy.STOPPED_MARKETING, "stopped"), 1),
                SendResult.failed(1, new CloudApiError.RecipientPermanent(131026, "undeliverable"), 1),
                SendResult.accepted(2, "wamid.2", 1));

        List<OptOut> optOuts = recipients.optOuts(mine, clock);

        assertThat(optOuts).containsExactly(new OptOut("+919000000000", null, "106540352242922", OptOut.Scope.MARKETING,
                OptOut.Action.OPT_OUT, OptOut.Source.ERROR_131050, clock.instant()));
    }

    @Test
    void theBreakersRemainderIsTheRecipientsItDeferredAsABatchOfTheSameCampaign() {
        BatchRecipients recipients = BatchRecipients.of(batch(recipient(0), recipient(1), recipient(2)));
        List<SendResult> mine = List.of(
                SendResult.deferred(0, LocalError.BREAKER_OPEN.code(), LocalError.BREAKER_OPEN.meaning()),
                SendResult.deferred(1, null, "campaign paused"),
                SendResult.deferred(2, LocalError.BREAKER_OPEN.code(), LocalError.BREAKER_OPEN.meaning()));

        SendBatch remainder = recipients.keptByBreaker(mine).orElseThrow();

        assertThat(remainder.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(remainder.batchNumber()).isEqualTo(7);
        assertThat(remainder.phoneNumberId()).isEqualTo("106540352242922");
        assertThat(remainder.recipients()).extracting(SendBatch.Recipient::sequence).containsExactly(0L, 2L);
        assertThat(recipients.keptByBreaker(List.of(SendResult.deferred(1, null, "campaign paused")))).isEmpty();
    }

    private static SendBatch batch(SendBatch.Recipient... recipients) {
        return new SendBatch(CAMPAIGN, 7, "106540352242922", new TemplateRef("sandesh_demo", "en", "marketing"), List.of(recipients));
    }

    private static SendBatch.Recipient recipient(long sequence) {
        return new SendBatch.Recipient(sequence, "+91900000000" + sequence, "IN", List.of("x"));
    }
}
