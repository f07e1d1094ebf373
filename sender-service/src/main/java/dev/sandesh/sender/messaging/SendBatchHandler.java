package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.PhoneMask;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.sender.client.CloudApiException;
import dev.sandesh.sender.client.CloudApiGateway;
import dev.sandesh.sender.client.TemplateMessageRequest;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.domain.LedgerState;
import dev.sandesh.sender.domain.SendPolicy;
import dev.sandesh.sender.domain.SendPolicy.Decision;
import dev.sandesh.sender.domain.SendResult;
import dev.sandesh.sender.persistence.SendLedgerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends one {@link SendBatch}, whichever adapter received it (the AMQP consumer today, an HTTP
 * CloudEvent endpoint on Knative). The returned Uni completes once the outcome is confirmed by the
 * broker; only then may the adapter acknowledge the batch.
 *
 * <ol>
 *   <li>Claim every recipient not yet in the ledger, in one statement, before any request.</li>
 *   <li>Recipients claimed by an earlier delivery are not sent: finished ones are reported as
 *       recorded, unfinished ones (that delivery stopped mid-send) become UNKNOWN.</li>
 *   <li>Send the claimed ones through the paced gateway, {@code sandesh.sender.concurrency} at a time.</li>
 *   <li>Write the results set-wise, then publish one {@link BatchOutcome} with publisher confirms.</li>
 * </ol>
 *
 * Ledger and broker steps are retried a bounded number of times; the sending step never fails (each
 * recipient's failure is a result). If a later step still fails, the batch is nacked: its claimed
 * rows are then reported UNKNOWN or as recorded by the next delivery, and never sent twice.
 */
@ApplicationScoped
@Startup // so that its metrics exist (at zero) before the first batch
public class SendBatchHandler {

    private static final Logger LOG = Logger.getLogger(SendBatchHandler.class);

    private final SendLedgerRepository ledger;
    private final CloudApiGateway gateway;
    private final SendPolicy policy;
    private final OutcomePublisher publisher;
    private final SenderConfig config;
    private final Map<LedgerState, Counter> sends = new EnumMap<>(LedgerState.class);

    public SendBatchHandler(SendLedgerRepository ledger, CloudApiGateway gateway, SendPolicy policy,
                            OutcomePublisher publisher, SenderConfig config, MeterRegistry registry) {
        this.ledger = ledger;
        this.gateway = gateway;
        this.policy = policy;
        this.publisher = publisher;
        this.config = config;
        for (LedgerState state : LedgerState.values()) {
            if (state != LedgerState.CLAIMED) {
                sends.put(state, Counter.builder("sandesh.sender.sends")
                        .description("Recipients whose send finished in this process, by result")
                        .tag("result", state.name().toLowerCase())
                        .register(registry));
            }
        }
    }

    public Uni<BatchOutcome> handle(SendBatch batch) {
        UUID claimToken = UUID.randomUUID();
        Map<Long, SendBatch.Recipient> recipients = distinctBySequence(batch);
        return step("claim", () -> ledger.claim(batch, claimToken))
                .chain(claimed -> step("read earlier results", () -> ledger.earlierResults(batch, claimToken))
                        .chain(earlier -> send(batch, recipients, claimed)
                                .call(mine -> step("record results", () -> ledger.record(batch.campaignId(), claimToken, mine)))
                                .map(mine -> outcome(batch, recipients, mine, earlier))))
                .call(outcome -> step("publish outcome", () -> publisher.publish(outcome)))
                .invoke(outcome -> LOG.debugf("campaign %s batch %d: %d recipients reported",
                        batch.campaignId(), batch.batchNumber(), outcome.recipients().size()));
    }

    private Uni<List<SendResult>> send(SendBatch batch, Map<Long, SendBatch.Recipient> recipients, Set<Long> claimed) {
        List<SendBatch.Recipient> toSend = recipients.values().stream().filter(r -> claimed.contains(r.sequence())).toList();
        if (toSend.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(toSend)
                .onItem().transformToUni(recipient -> sendOne(batch, recipient)).merge(config.concurrency())
                .collect().asList();
    }

    private Uni<SendResult> sendOne(SendBatch batch, SendBatch.Recipient recipient) {
        TemplateMessageRequest request = TemplateMessageRequest.of(batch.template(), recipient);
        AtomicInteger attempts = new AtomicInteger();
        return attempt(batch.phoneNumberId(), recipient, request, attempts, 0)
                .invoke(result -> sends.get(result.state()).increment());
    }

    private Uni<SendResult> attempt(String phoneNumberId, SendBatch.Recipient recipient, TemplateMessageRequest request,
                                    AtomicInteger attempts, int throughputRetries) {
        long seq = recipient.sequence();
        return gateway.send(phoneNumberId, request, attempts)
                .map(wamid -> SendResult.accepted(seq, wamid, attempts.get()))
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof CloudApiException e) {
                        return switch (policy.decide(e.error(), throughputRetries)) {
                            case Decision.RetryAfter(Duration after) -> Uni.createFrom().voidItem()
                                    .onItem().delayIt().by(after)
                                    .chain(() -> attempt(phoneNumberId, recipient, request, attempts, throughputRetries + 1));
                            // The gateway has spent its retries on this transient error.
                            case Decision.RetryWithBackoff retried -> Uni.createFrom().item(SendResult.failed(seq, e.error(), attempts.get()));
                            case Decision.Record record -> Uni.createFrom().item(SendResult.failed(seq, record.error(), attempts.get()));
                        };
                    }
                    return Uni.createFrom().item(ambiguous(recipient, failure, attempts.get()));
                });
    }

    /** The request may have left: Meta may have it. Never retried (no idempotency key at Meta). */
    private static SendResult ambiguous(SendBatch.Recipient recipient, Throwable failure, int attempts) {
        if (attempts == 0) {
            return SendResult.failed(recipient.sequence(),
                    new CloudApiError.Unrecognised(-2, "not sent: " + failure.getClass().getSimpleName()), 0);
        }
        String why = failure instanceof TimeoutException
                ? "no answer from the Cloud API within the timeout; it may have been sent"
                : "the request failed after it may have left (" + failure.getClass().getSimpleName() + "); it may have been sent";
        LOG.debugf("send to %s ended UNKNOWN: %s", PhoneMask.mask(recipient.phone()), failure.toString());
        return SendResult.unknown(recipient.sequence(), why, attempts);
    }

    private static BatchOutcome outcome(SendBatch batch, Map<Long, SendBatch.Recipient> recipients,
                                        List<SendResult> mine, List<SendResult> earlier) {
        Map<Long, SendResult> bySequence = new HashMap<>();
        earlier.forEach(r -> bySequence.put(r.sequence(), r));
        mine.forEach(r -> bySequence.put(r.sequence(), r));
        List<BatchOutcome.RecipientOutcome> outcomes = new ArrayList<>(recipients.size());
        for (SendBatch.Recipient recipient : recipients.values()) {
            SendResult result = bySequence.get(recipient.sequence());
            if (result == null) {
                // Cannot happen while the ledger holds a row for every claimed or earlier recipient; say so rather than drop it.
                result = SendResult.unknown(recipient.sequence(), "no ledger record for this recipient", 0);
            }
            outcomes.add(new BatchOutcome.RecipientOutcome(recipient.sequence(), recipient.country(),
                    BatchOutcome.Result.valueOf(result.state().name()), result.wamid(), result.errorCode(), result.errorTitle()));
        }
        return new BatchOutcome(batch.campaignId(), batch.batchNumber(), batch.phoneNumberId(), outcomes);
    }

    /** A producer bug could repeat a sequence: it is one recipient, sent (at most) once. */
    private static Map<Long, SendBatch.Recipient> distinctBySequence(SendBatch batch) {
        Map<Long, SendBatch.Recipient> bySequence = new LinkedHashMap<>();
        batch.recipients().forEach(r -> bySequence.putIfAbsent(r.sequence(), r));
        return bySequence;
    }

    /** A ledger or broker step, retried a bounded number of times with backoff and jitter. */
    private <T> Uni<T> step(String name, Supplier<Uni<? extends T>> step) {
        return Uni.createFrom().<T>deferred(step)
                .onFailure().invoke(failure -> LOG.debugf("step '%s' failed, may retry: %s", name, failure.toString()))
                .onFailure().retry()
                .withBackOff(config.stepBackoff(), config.stepBackoff().multipliedBy(16))
                .atMost(config.stepRetries());
    }
}
