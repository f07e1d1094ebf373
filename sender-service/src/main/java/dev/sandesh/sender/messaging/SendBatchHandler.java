package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.PhoneMask;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.sender.client.CloudApiCall;
import dev.sandesh.sender.client.CloudApiException;
import dev.sandesh.sender.client.CloudApiGateway;
import dev.sandesh.sender.client.SendPacing;
import dev.sandesh.sender.client.TemplateMessageRequest;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.domain.CampaignGate;
import dev.sandesh.sender.domain.CampaignGate.Verdict;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.domain.LedgerState;
import dev.sandesh.sender.domain.SendPolicy;
import dev.sandesh.sender.domain.SendPolicy.Decision;
import dev.sandesh.sender.domain.SendResult;
import dev.sandesh.sender.persistence.CampaignControlStore;
import dev.sandesh.sender.persistence.SendLedgerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends one {@link SendBatch}, whichever adapter received it (the AMQP consumer, or the HTTP
 * CloudEvent endpoint on Knative). The returned Uni completes once the outcome is confirmed by the
 * broker; only then may the adapter acknowledge the batch.
 *
 * <ol>
 *   <li>Claim every recipient not yet in the ledger, in one statement, before any request.</li>
 *   <li>Recipients claimed by an earlier delivery are not sent: finished ones are reported as
 *       recorded, unfinished ones (that delivery stopped mid-send) become UNKNOWN.</li>
 *   <li>Send the claimed ones through the paced gateway, {@code sandesh.sender.concurrency} at a
 *       time. The {@link CampaignGate} is checked before each recipient and again at its rate slot:
 *       a paused or cancelled campaign's recipients are DEFERRED (claim released), a halted
 *       campaign's or number's are HALTED with the reason.</li>
 *   <li>Errors are handled as {@link SendPolicy} decides: 130429 halves the number's rate, 131056
 *       retries that recipient later, 131057 pauses the number, template errors halt the campaign,
 *       auth/account errors and 131048 halt the number, 131050 becomes an opt-out.</li>
 *   <li>Write the results set-wise (releasing deferred claims), publish the opt-outs, re-queue the
 *       recipients an open circuit breaker kept back, then publish one {@link BatchOutcome} — each
 *       with publisher confirms.</li>
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

    /** Local code of a recipient deferred because the Cloud API's circuit breaker was open. */
    public static final int BREAKER_OPEN = -3;

    private final SendLedgerRepository ledger;
    private final CloudApiGateway gateway;
    private final SendPacing pacing;
    private final SendPolicy policy;
    private final CampaignControlStore controls;
    private final CampaignGate gate;
    private final OutcomePublisher publisher;
    private final OptOutPublisher optOuts;
    private final BatchRequeuer requeuer;
    private final SenderConfig config;
    private final InstantSource clock;
    private final MeterRegistry registry;
    /** Batches taken up so far: each one's number is its order at the pacer (oldest first). */
    private final AtomicLong batchesTakenUp = new AtomicLong();
    private final Map<String, Counter> sendCounters = new ConcurrentHashMap<>();

    public SendBatchHandler(SendLedgerRepository ledger, CloudApiGateway gateway, SendPacing pacing, SendPolicy policy,
                            CampaignControlStore controls, OutcomePublisher publisher, OptOutPublisher optOuts,
                            BatchRequeuer requeuer, SenderConfig config, InstantSource clock, MeterRegistry registry,
                            CircuitBreakerMaintenance breakers) {
        this.ledger = ledger;
        this.gateway = gateway;
        this.pacing = pacing;
        this.policy = policy;
        this.controls = controls;
        this.gate = controls.gate();
        this.publisher = publisher;
        this.optOuts = optOuts;
        this.requeuer = requeuer;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        for (LedgerState state : LedgerState.values()) {
            if (state != LedgerState.CLAIMED) {
                sends(state, "none");
            }
        }
        for (String reason : List.of("throughput", "pair_rate", "maintenance")) {
            retries(reason);
        }
        Gauge.builder("sandesh.sender.circuit_breaker.state", breakers, b -> breakerState(b))
                .description("The Cloud API circuit breaker: 0 closed, 1 half-open, 2 open")
                .register(registry);
    }

    public Uni<BatchOutcome> handle(SendBatch batch) {
        return handle(batch, 0);
    }

    /**
     * @param requeues how many times an open circuit breaker already sent this batch (a remainder of
     *                 it) back to the queue
     */
    public Uni<BatchOutcome> handle(SendBatch batch, int requeues) {
        UUID claimToken = UUID.randomUUID();
        long batchOrder = batchesTakenUp.incrementAndGet();
        Map<Long, SendBatch.Recipient> recipients = distinctBySequence(batch);
        return step("claim", () -> ledger.claim(batch, claimToken))
                .chain(claimed -> step("read earlier results", () -> ledger.earlierResults(batch, claimToken))
                        .chain(earlier -> send(batch, batchOrder, recipients, claimed)
                                .call(mine -> step("record results", () -> ledger.record(batch.campaignId(), claimToken, mine)))
                                .call(mine -> step("publish opt-outs", () -> optOuts.publish(optOutsOf(recipients, mine))))
                                .call(mine -> requeueBreakerDeferred(batch, recipients, mine, requeues))
                                .map(mine -> outcome(batch, recipients, mine, earlier))))
                .call(outcome -> step("publish outcome", () -> publisher.publish(outcome)))
                .invoke(outcome -> LOG.debugf("campaign %s batch %d: %d recipients reported",
                        batch.campaignId(), batch.batchNumber(), outcome.recipients().size()));
    }

    private Uni<List<SendResult>> send(SendBatch batch, long batchOrder, Map<Long, SendBatch.Recipient> recipients,
                                       Set<Long> claimed) {
        List<SendBatch.Recipient> toSend = recipients.values().stream().filter(r -> claimed.contains(r.sequence())).toList();
        if (toSend.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Bounded concurrency: at most `concurrency` recipients of the batch wait for a slot or an answer.
        return Multi.createFrom().iterable(toSend)
                .onItem().transformToUni(recipient -> sendOne(batch, batchOrder, recipient)).merge(config.concurrency())
                .collect().asList();
    }

    private Uni<SendResult> sendOne(SendBatch batch, long batchOrder, SendBatch.Recipient recipient) {
        Recipient r = new Recipient(batch, batchOrder, recipient, TemplateMessageRequest.of(batch.template(), recipient));
        Verdict verdict = gate.verdict(batch.campaignId(), batch.phoneNumberId());
        Uni<SendResult> result = verdict instanceof Verdict.Send ? attempt(r) : Uni.createFrom().item(stopped(r, verdict));
        return result.invoke(done -> sends(done.state(), errorClassOf(done)).increment());
    }

    /** One recipient being sent: its batch (and its order), request, attempts made and retries per error class. */
    private record Recipient(SendBatch batch, long batchOrder, SendBatch.Recipient recipient, TemplateMessageRequest request,
                             AtomicInteger attempts, Map<String, Integer> retries) {
        Recipient(SendBatch batch, long batchOrder, SendBatch.Recipient recipient, TemplateMessageRequest request) {
            this(batch, batchOrder, recipient, request, new AtomicInteger(), new HashMap<>());
        }

        long seq() {
            return recipient.sequence();
        }

        String number() {
            return batch.phoneNumberId();
        }

        /** Counts one more retry for this class and returns how many there were before. */
        synchronized int retried(String errorClass) {
            return retries.merge(errorClass, 1, Integer::sum) - 1;
        }

        synchronized int retriesOf(String errorClass) {
            return retries.getOrDefault(errorClass, 0);
        }
    }

    private Uni<SendResult> attempt(Recipient r) {
        UUID campaignId = r.batch().campaignId();
        return gateway.send(r.number(), r.batchOrder(), r.request(), r.attempts(),
                        () -> gate.verdict(campaignId, r.number()) instanceof Verdict.Send)
                .map(wamid -> SendResult.accepted(r.seq(), wamid, r.attempts().get()))
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof CloudApiGateway.NotSentException) {
                        return Uni.createFrom().item(stopped(r, gate.verdict(campaignId, r.number())));
                    }
                    if (failure instanceof CircuitBreakerOpenException) {
                        return Uni.createFrom().item(SendResult.deferred(r.seq(), BREAKER_OPEN,
                                "not sent: the Cloud API circuit breaker is open; re-queued for later"));
                    }
                    if (failure instanceof CloudApiException e) {
                        return decided(r, e.error());
                    }
                    return Uni.createFrom().item(ambiguous(r.recipient(), failure, r.attempts().get()));
                });
    }

    private Uni<SendResult> decided(Recipient r, CloudApiError error) {
        String errorClass = SendPolicy.errorClass(error);
        Uni<SendResult> failed = Uni.createFrom().item(() -> SendResult.failed(r.seq(), error, r.attempts().get()));
        return switch (policy.decide(error, r.retriesOf(errorClass))) {
            case Decision.SlowDownThenRetry(Duration after) -> {
                if (pacing.throttle(r.number())) {
                    LOG.infof("phone number %s: 130429 from the Cloud API, rate lowered to %.1f/s",
                            r.number(), pacing.currentRate(r.number()));
                }
                yield retryAfter(r, errorClass, after);
            }
            case Decision.RetryAfter(Duration after) -> retryAfter(r, errorClass, after);
            case Decision.PauseNumberThenRetry(Duration pause) -> {
                pacing.pause(r.number(), pause);
                yield retryAfter(r, errorClass, Duration.ZERO);
            }
            // The gateway has spent its retries on this transient error.
            case Decision.RetryWithBackoff retried -> failed;
            case Decision.Record record -> failed;
            case Decision.RecordAndOptOut optOut -> failed; // published after the ledger is written
            case Decision.HaltCampaign halt -> controls.haltCampaign(r.batch().campaignId(), r.number(), error)
                    .onFailure().invoke(e -> LOG.warnf("could not store the halt of campaign %s (it stands in memory): %s",
                            r.batch().campaignId(), e.toString()))
                    .onFailure().recoverWithNull()
                    .chain(() -> failed);
            case Decision.HaltNumber halt -> controls.haltNumber(r.number(), error, errorClass)
                    .onFailure().invoke(e -> LOG.warnf("could not store the halt of number %s (it stands in memory): %s",
                            r.number(), e.toString()))
                    .onFailure().recoverWithNull()
                    .chain(() -> failed);
        };
    }

    private Uni<SendResult> retryAfter(Recipient r, String errorClass, Duration after) {
        r.retried(errorClass);
        retries(errorClass).increment();
        Uni<Void> wait = after.isZero() ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(after);
        return wait.chain(() -> attempt(r));
    }

    /** The campaign or number stopped before this recipient was sent. */
    private static SendResult stopped(Recipient r, Verdict verdict) {
        return switch (verdict) {
            case Verdict.Halt(String reason) -> SendResult.halted(r.seq(), reason, r.attempts().get());
            case Verdict.Defer(String reason) -> SendResult.deferred(r.seq(), null, reason);
            // Resumed in the meantime: the claim is released and the re-published batch sends it.
            case Verdict.Send send -> SendResult.deferred(r.seq(), null, "campaign paused and resumed while waiting");
        };
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

    private List<OptOut> optOutsOf(Map<Long, SendBatch.Recipient> recipients, List<SendResult> mine) {
        return mine.stream()
                .filter(r -> r.state() == LedgerState.FAILED && Integer.valueOf(SendPolicy.STOPPED_MARKETING).equals(r.errorCode()))
                .map(r -> new OptOut(recipients.get(r.sequence()).phone(), OptOut.Action.OPT_OUT, OptOut.Source.ERROR_131050,
                        clock.instant()))
                .toList();
    }

    /**
     * Recipients an open circuit breaker kept back go back to the batches exchange as a smaller
     * batch, after a delay that doubles per re-queue; past {@code breaker-requeues} the consumer
     * rejects that remainder to the DLQ. Never a nack-with-requeue loop. A paused or halted
     * campaign's remainder is not re-queued: its recipients are deferred or halted anyway.
     */
    private Uni<Void> requeueBreakerDeferred(SendBatch batch, Map<Long, SendBatch.Recipient> recipients,
                                             List<SendResult> mine, int requeues) {
        List<SendBatch.Recipient> kept = mine.stream()
                .filter(r -> r.state() == LedgerState.DEFERRED && Integer.valueOf(BREAKER_OPEN).equals(r.errorCode()))
                .map(r -> recipients.get(r.sequence()))
                .toList();
        if (kept.isEmpty() || !(gate.verdict(batch.campaignId(), batch.phoneNumberId()) instanceof Verdict.Send)) {
            return Uni.createFrom().voidItem();
        }
        SendBatch remainder = new SendBatch(batch.campaignId(), batch.batchNumber(), batch.phoneNumberId(), batch.template(), kept);
        long factor = 1L << Math.min(requeues, 10);
        Duration delay = config.breakerRequeueDelay().multipliedBy(factor);
        if (delay.compareTo(Duration.ofMinutes(5)) > 0) {
            delay = Duration.ofMinutes(5);
        }
        LOG.infof("campaign %s batch %d: circuit breaker open, re-queueing %d recipients in %s (re-queue %d)",
                batch.campaignId(), batch.batchNumber(), kept.size(), delay, requeues + 1);
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                .chain(() -> step("re-queue", () -> requeuer.requeue(remainder, requeues + 1)));
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

    private static String errorClassOf(SendResult result) {
        Integer code = result.errorCode();
        if (result.state() != LedgerState.FAILED || code == null) {
            return "none";
        }
        if (code == CloudApiError.CONNECT_FAILED) {
            return "transient";
        }
        // -<http status>: an HTTP error without Meta's body; other negative codes are local.
        CloudApiError error = code <= -100 ? CloudApiError.classify(null, -code, "") : CloudApiError.classify(code, 400, "");
        return code < 0 && code > -100 ? "local" : SendPolicy.errorClass(error);
    }

    private Counter sends(LedgerState state, String errorClass) {
        // Looked up once per recipient: cached, rather than built and registered each time.
        return sendCounters.computeIfAbsent(state.name() + '/' + errorClass, key -> Counter.builder("sandesh.sender.sends")
                .description("Recipients whose send finished in this process, by result and error class")
                .tag("result", state.name().toLowerCase())
                .tag("error_class", errorClass)
                .register(registry));
    }

    private Counter retries(String reason) {
        return Counter.builder("sandesh.sender.retries")
                .description("Recipients sent again after a throughput, pair-rate or maintenance error "
                        + "(transient retries: ft_retry_retries_total)")
                .tag("reason", reason)
                .register(registry);
    }

    private static double breakerState(CircuitBreakerMaintenance breakers) {
        try {
            CircuitBreakerState state = breakers.currentState(CloudApiCall.BREAKER);
            return switch (state) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            };
        } catch (RuntimeException unknown) {
            return Double.NaN;
        }
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
