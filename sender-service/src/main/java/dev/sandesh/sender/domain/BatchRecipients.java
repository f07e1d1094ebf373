package dev.sandesh.sender.domain;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recipients of one {@link SendBatch}, one per sequence, and what their results add up to:
 * who is to be sent, which opt-outs to publish, what an open breaker kept back, and the
 * {@link BatchOutcome}. A producer bug could repeat a sequence: it is one recipient, sent (at most)
 * once and reported once.
 */
public final class BatchRecipients {

    private final SendBatch batch;
    private final Map<Long, SendBatch.Recipient> bySequence;

    private BatchRecipients(SendBatch batch, Map<Long, SendBatch.Recipient> bySequence) {
        this.batch = batch;
        this.bySequence = bySequence;
    }

    public static BatchRecipients of(SendBatch batch) {
        Map<Long, SendBatch.Recipient> bySequence = new LinkedHashMap<>();
        batch.recipients().forEach(r -> bySequence.putIfAbsent(r.sequence(), r));
        return new BatchRecipients(batch, bySequence);
    }

    public SendBatch batch() {
        return batch;
    }

    /** The recipients this delivery claimed, in batch order: the ones it sends. */
    public List<SendBatch.Recipient> claimed(Set<Long> claimedSequences) {
        return bySequence.values().stream().filter(r -> claimedSequences.contains(r.sequence())).toList();
    }

    /** 131050 answers: the user stopped marketing messages, an opt-out for broadcast. */
    public List<OptOut> optOuts(Collection<SendResult> mine, InstantSource clock) {
        return mine.stream()
                .filter(r -> r.state() == LedgerState.FAILED && Integer.valueOf(SendPolicy.STOPPED_MARKETING).equals(r.errorCode()))
                .map(r -> new OptOut(bySequence.get(r.sequence()).phone(), null, batch.phoneNumberId(), OptOut.Scope.MARKETING,
                        OptOut.Action.OPT_OUT, OptOut.Source.ERROR_131050, clock.instant()))
                .toList();
    }

    /**
     * The recipients the open circuit breaker kept back, as a smaller batch of the same campaign,
     * number, batch number and template; empty when there were none.
     */
    public Optional<SendBatch> keptByBreaker(Collection<SendResult> mine) {
        int breakerOpen = LocalError.BREAKER_OPEN.code();
        List<SendBatch.Recipient> kept = mine.stream()
                .filter(r -> r.state() == LedgerState.DEFERRED && Integer.valueOf(breakerOpen).equals(r.errorCode()))
                .map(r -> bySequence.get(r.sequence()))
                .toList();
        return kept.isEmpty()
                ? Optional.empty()
                : Optional.of(new SendBatch(batch.campaignId(), batch.batchNumber(), batch.phoneNumberId(), batch.template(), kept));
    }

    /**
     * One line per recipient, in batch order: this delivery's result where it sent the recipient,
     * otherwise what the ledger held from an earlier delivery (mine win over earlier ones).
     */
    public BatchOutcome outcome(Collection<SendResult> mine, Collection<SendResult> earlier) {
        return outcome(mine, earlier, Set.of());
    }

    /**
     * @param reportedElsewhere recipients another live delivery of the batch is sending: that one
     *                          reports them, so they are left out here
     */
    public BatchOutcome outcome(Collection<SendResult> mine, Collection<SendResult> earlier, Set<Long> reportedElsewhere) {
        Map<Long, SendResult> results = new HashMap<>();
        earlier.forEach(r -> results.put(r.sequence(), r));
        mine.forEach(r -> results.put(r.sequence(), r));
        List<BatchOutcome.RecipientOutcome> outcomes = new ArrayList<>(bySequence.size());
        for (SendBatch.Recipient recipient : bySequence.values()) {
            if (reportedElsewhere.contains(recipient.sequence()) && !results.containsKey(recipient.sequence())) {
                continue;
            }
            SendResult result = results.get(recipient.sequence());
            if (result == null) {
                // Cannot happen while the ledger holds a row for every claimed or earlier recipient; say so rather than drop it.
                result = SendResult.unknown(recipient.sequence(), NO_LEDGER_RECORD, 0);
            }
            outcomes.add(new BatchOutcome.RecipientOutcome(recipient.sequence(), recipient.country(),
                    BatchOutcome.Result.valueOf(result.state().name()), result.wamid(), result.errorCode(), result.errorTitle(),
                    result.messageStatus()).withExternalId(recipient.externalId()));
        }
        return new BatchOutcome(batch.campaignId(), batch.batchNumber(), batch.phoneNumberId(), outcomes);
    }

    /** The title of a recipient reported UNKNOWN because neither this delivery nor the ledger has its result. */
    public static final String NO_LEDGER_RECORD = "no ledger record for this recipient";

    public int size() {
        return bySequence.size();
    }
}
