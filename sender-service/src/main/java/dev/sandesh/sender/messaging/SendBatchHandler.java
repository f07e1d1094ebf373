package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.RetryBackoff;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.domain.BatchRecipients;
import dev.sandesh.sender.domain.BreakerRequeueDelay;
import dev.sandesh.sender.domain.CampaignGate;
import dev.sandesh.sender.domain.CampaignGate.Verdict;
import dev.sandesh.sender.domain.LedgerState;
import dev.sandesh.sender.domain.LocalError;
import dev.sandesh.sender.domain.OptOutCheck;
import dev.sandesh.sender.domain.SendResult;
import dev.sandesh.sender.persistence.CampaignControlStore;
import dev.sandesh.sender.persistence.OptOutStore;
import dev.sandesh.sender.persistence.SendLedgerRepository;
import dev.sandesh.support.config.ConsumerConfig;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends one {@link SendBatch}, whichever adapter received it (the AMQP consumer, or the HTTP
 * CloudEvent endpoint on Knative). The returned Uni completes once the outcome is confirmed by the
 * broker; only then may the adapter acknowledge the batch. The steps:
 *
 * <ol>
 *   <li><b>claim</b> every recipient not yet in the ledger, in one statement, before any request;
 *       recipients claimed by an earlier delivery: finished ones are reported as recorded, unfinished
 *       ones (that delivery stopped mid-batch) become UNKNOWN if their attempt had started (the
 *       request may have left) and are taken over and sent by this delivery if it had not;</li>
 *   <li><b>check opt-outs</b>: one query for the claimed recipients ({@link OptOutCheck}); an opted-out one
 *       is FAILED with {@code -5} and not sent;</li>
 *   <li><b>send</b> each claimed recipient ({@link RecipientSender}: pacing, the attempt-started mark,
 *       error decisions, halts);</li>
 *   <li><b>record</b> the results set-wise (releasing deferred claims);</li>
 *   <li><b>publish the opt-outs</b> (131050 answers);</li>
 *   <li><b>re-queue</b> what an open circuit breaker deferred;</li>
 *   <li><b>publish the outcome</b> ({@link BatchRecipients#outcome}) — each broker step with publisher confirms.</li>
 * </ol>
 *
 * The steps before the sends (claim, earlier results, opt-outs) are retried a bounded number of
 * times; if they still fail, the consumer waits the outage out and calls {@link #handle} again with
 * the same claim token (the claim takes back its own CLAIMED rows, so a claim whose commit was
 * acknowledged too late is not mistaken for an earlier delivery's). The sending step never fails
 * (each recipient's failure is a result). Once anything was sent, every later step — record,
 * publish opt-outs, re-queue, publish outcome — is retried with capped backoff until it succeeds,
 * for as long as PostgreSQL or the broker is down: the wamids Meta returned are kept in memory and
 * recorded when the database is back, never lost and never sent again. Every attempt of a step has
 * a timeout ({@code sandesh.consumers.step-timeout} for the database, {@code confirm-timeout} for a
 * broker confirm), so no step waits for ever on a lost connection or a confirm that never comes
 * (the connector drops pending confirms when it reconnects). If the process dies meanwhile, the
 * next delivery reports the claimed rows UNKNOWN (attempt started) or as recorded, sends the ones
 * whose attempt never started, and never sends anyone twice.
 *
 * <p>Shutting down ({@link SenderDrain}): a batch arriving then is refused with
 * {@link SenderDrainedException} before its claim; one in hand sends nothing more that has not
 * left, records what did (its unsent recipients DEFERRED with {@code -7}, their claims released),
 * publishes its opt-outs, and then fails with {@link SenderDrainedException} instead of re-queueing
 * a breaker's remainder and publishing an outcome: the adapter hands it back to the broker, and its
 * redelivery reports everyone.
 */
@ApplicationScoped
public class SendBatchHandler {

    private static final Logger LOG = Logger.getLogger(SendBatchHandler.class);
    private static final String BATCHES_CHANNEL = "batches";

    private final SendLedgerRepository ledger;
    private final RecipientSender sender;
    private final CampaignGate gate;
    private final OutcomePublisher publisher;
    private final OptOutPublisher optOuts;
    private final OptOutStore optOutStore;
    private final BatchRequeuer requeuer;
    private final BreakerRequeueDelay requeueDelay;
    private final SenderConfig config;
    private final ConsumerConfig consumers;
    private final RetryBackoff backoff;
    private final Deliveries deliveries;
    private final InstantSource clock;
    private final SenderDrain drain;
    /**
     * The claim tokens of the deliveries this process is handling now: another delivery of the same
     * batch leaves their started claims alone (SendLedgerRepository#earlierResults).
     */
    private final Set<UUID> liveClaimTokens = ConcurrentHashMap.newKeySet();
    /** Batches taken up so far: each one's number is its order at the number's slot queue (oldest first). */
    private final AtomicLong batchesTakenUp = new AtomicLong();

    public SendBatchHandler(SendLedgerRepository ledger, RecipientSender sender, CampaignControlStore controls,
                            OutcomePublisher publisher, OptOutPublisher optOuts, OptOutStore optOutStore, BatchRequeuer requeuer,
                            BreakerRequeueDelay requeueDelay, SenderConfig config, ConsumerConfig consumers, Deliveries deliveries,
                            InstantSource clock, SenderDrain drain) {
        this.ledger = ledger;
        this.sender = sender;
        this.gate = controls.gate();
        this.publisher = publisher;
        this.optOuts = optOuts;
        this.optOutStore = optOutStore;
        this.requeuer = requeuer;
        this.requeueDelay = requeueDelay;
        this.config = config;
        this.consumers = consumers;
        this.backoff = new RetryBackoff(consumers.backoffInitial(), consumers.backoffMax());
        this.deliveries = deliveries;
        this.clock = clock;
        this.drain = drain;
    }

    public Uni<BatchOutcome> handle(SendBatch batch) {
        return handle(batch, 0);
    }

    /**
     * @param requeues how many times an open circuit breaker already sent this batch (a remainder of
     *                 it) back to the queue
     */
    public Uni<BatchOutcome> handle(SendBatch batch, int requeues) {
        return handle(batch, requeues, UUID.randomUUID());
    }

    /**
     * @param claimToken this delivery's claim token: the same for every attempt of one delivery
     */
    public Uni<BatchOutcome> handle(SendBatch batch, int requeues, UUID claimToken) {
        if (drain.started()) {
            return Uni.createFrom().failure(new SenderDrainedException(batch, 0));
        }
        long batchOrder = batchesTakenUp.incrementAndGet();
        BatchRecipients recipients = BatchRecipients.of(batch);
        String label = "campaign " + batch.campaignId() + " batch " + batch.batchNumber();
        liveClaimTokens.add(claimToken);
        return step("claim", () -> ledger.claim(batch, claimToken))
                .chain(claimed -> step("read earlier results", () -> ledger.earlierResults(batch, claimToken, liveClaimTokens))
                        .chain(earlier -> sendUnlessOptedOut(batch, batchOrder, claimToken,
                                recipients.claimed(union(claimed, earlier.takenOver())))
                                .call(mine -> afterSends(label, "record results", consumers.stepTimeout(),
                                        () -> ledger.record(batch.campaignId(), claimToken, mine)))
                                .call(mine -> afterSends(label, "publish opt-outs", consumers.confirmTimeout(),
                                        () -> optOuts.publish(recipients.optOuts(mine, clock))))
                                .call(mine -> drainedOrRequeue(batch, recipients, mine, requeues))
                                .map(mine -> recipients.outcome(mine, earlier.results(), sentByAnother(batch, mine, earlier)))))
                .call(outcome -> afterSends(label, "publish outcome", consumers.confirmTimeout(), () -> publisher.publish(outcome)))
                .invoke(outcome -> LOG.debugf("campaign %s batch %d: %d recipients reported",
                        batch.campaignId(), batch.batchNumber(), outcome.recipients().size()))
                .onTermination().invoke(() -> liveClaimTokens.remove(claimToken));
    }

    /**
     * The batch's recipients this delivery neither sent nor found a result for: started claims of
     * another delivery this process has in hand, which SendLedgerRepository#earlierResults leaves to
     * it; that one reports them.
     */
    private static Set<Long> sentByAnother(SendBatch batch, List<SendResult> mine, SendLedgerRepository.Earlier earlier) {
        Set<Long> others = new HashSet<>();
        batch.recipients().forEach(r -> others.add(r.sequence()));
        mine.forEach(r -> others.remove(r.sequence()));
        earlier.results().forEach(r -> others.remove(r.sequence()));
        return others;
    }

    private static Set<Long> union(Set<Long> claimed, Set<Long> takenOver) {
        if (takenOver.isEmpty()) {
            return claimed;
        }
        Set<Long> all = new HashSet<>(claimed);
        all.addAll(takenOver);
        return all;
    }

    /**
     * The sender began to shut down while the batch was sent, and some of its recipients were
     * released: no re-queue, no outcome; the adapter hands the batch back to the broker. Otherwise
     * the breaker's remainder, if any, is re-queued.
     */
    private Uni<Void> drainedOrRequeue(SendBatch batch, BatchRecipients recipients, List<SendResult> mine, int requeues) {
        long released = mine.stream().filter(SendBatchHandler::releasedByDrain).count();
        if (released > 0) {
            LOG.infof("campaign %s batch %d: shutting down; %d recipients recorded, %d released, handing the batch back",
                    batch.campaignId(), batch.batchNumber(), mine.size() - released, released);
            return Uni.createFrom().failure(new SenderDrainedException(batch, (int) released));
        }
        return requeueBreakerDeferred(recipients, mine, requeues);
    }

    private static boolean releasedByDrain(SendResult result) {
        return result.state() == LedgerState.DEFERRED && Integer.valueOf(LocalError.SHUTTING_DOWN.code()).equals(result.errorCode());
    }

    /** Just before the send: one opt-out query for the claimed recipients; the opted-out ones are FAILED (-5), not sent. */
    private Uni<List<SendResult>> sendUnlessOptedOut(SendBatch batch, long batchOrder, UUID claimToken, List<SendBatch.Recipient> claimed) {
        return step("check opt-outs", () -> optOutStore.optedOut(batch, claimed))
                .chain(optedOut -> sender.sendAll(batch, batchOrder, claimToken, OptOutCheck.toSend(claimed, optedOut))
                        .map(sent -> {
                            List<SendResult> notSent = OptOutCheck.notSent(claimed, optedOut);
                            if (notSent.isEmpty()) {
                                return sent;
                            }
                            List<SendResult> all = new java.util.ArrayList<>(sent.size() + notSent.size());
                            all.addAll(notSent);
                            all.addAll(sent);
                            return all;
                        }));
    }

    /**
     * Recipients an open circuit breaker kept back go back to the batches exchange as a smaller
     * batch, after {@link BreakerRequeueDelay}; past {@code breaker-requeues} the consumer rejects
     * that remainder to the DLQ. Never a nack-with-requeue loop. A paused or halted campaign's
     * remainder is not re-queued: its recipients are deferred or halted anyway.
     */
    private Uni<Void> requeueBreakerDeferred(BatchRecipients recipients, List<SendResult> mine, int requeues) {
        SendBatch batch = recipients.batch();
        Optional<SendBatch> remainder = recipients.keptByBreaker(mine);
        if (remainder.isEmpty() || !(gate.verdict(batch.campaignId(), batch.phoneNumberId()) instanceof Verdict.Send)) {
            return Uni.createFrom().voidItem();
        }
        Duration delay = requeueDelay.before(requeues);
        LOG.infof("campaign %s batch %d: circuit breaker open, re-queueing %d recipients in %s (re-queue %d)",
                batch.campaignId(), batch.batchNumber(), remainder.get().recipients().size(), delay, requeues + 1);
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                .chain(() -> afterSends("campaign " + batch.campaignId() + " batch " + batch.batchNumber(), "re-queue",
                        consumers.confirmTimeout(), () -> requeuer.requeue(remainder.get(), requeues + 1)));
    }

    /**
     * A step after the sends: retried, each attempt bounded by {@code timeout}, with capped
     * exponential backoff until it succeeds — whatever the failure, since giving up would lose what
     * was sent (the wamids) or report it UNKNOWN. A line per doubling of the attempts; the batches
     * consumer reports itself waiting meanwhile (readiness, not liveness).
     */
    private <T> Uni<T> afterSends(String label, String name, Duration timeout, Supplier<Uni<? extends T>> step) {
        return afterSends(label, name, timeout, step, 1);
    }

    private <T> Uni<T> afterSends(String label, String name, Duration timeout, Supplier<Uni<? extends T>> step, int attempt) {
        return Uni.createFrom().<T>deferred(step)
                .ifNoItem().after(timeout).fail()
                .onItem().invoke(done -> {
                    if (attempt > 1) {
                        deliveries.waitingDone(BATCHES_CHANNEL);
                        LOG.infof("%s: step '%s' done after %d attempts", label, name, attempt);
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    deliveries.waitingOn(BATCHES_CHANNEL);
                    Duration wait = backoff.after(attempt, () -> ThreadLocalRandom.current().nextDouble());
                    if (Integer.bitCount(attempt) == 1) {
                        LOG.warnf("%s: step '%s' failed after the sends (attempt %d), keeping the results and retrying in %d ms: %s",
                                label, name, attempt, wait.toMillis(), failure.toString());
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                            .chain(() -> afterSends(label, name, timeout, step, attempt + 1));
                });
    }

    /** A ledger step before the sends, each attempt bounded by {@code step-timeout}, retried a bounded number of times with backoff. */
    private <T> Uni<T> step(String name, Supplier<Uni<? extends T>> step) {
        return Uni.createFrom().<T>deferred(step)
                .ifNoItem().after(consumers.stepTimeout()).fail()
                .onFailure().invoke(failure -> LOG.debugf("step '%s' failed, may retry: %s", name, failure.toString()))
                .onFailure().retry()
                .withBackOff(config.stepBackoff(), config.stepBackoff().multipliedBy(16))
                .atMost(config.stepRetries());
    }
}
