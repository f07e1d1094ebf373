package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.PhoneMask;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.sender.client.CloudApiGateway;
import dev.sandesh.sender.client.SendAttempt;
import dev.sandesh.sender.client.TemplateMessageRequest;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.domain.CampaignGate;
import dev.sandesh.sender.domain.CampaignGate.Verdict;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.domain.LocalError;
import dev.sandesh.sender.domain.SendPolicy;
import dev.sandesh.sender.domain.SendPolicy.Decision;
import dev.sandesh.sender.domain.SendResult;
import dev.sandesh.sender.metrics.SendMetrics;
import dev.sandesh.sender.pacing.SendSlotQueue;
import dev.sandesh.sender.persistence.CampaignControlStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the claimed recipients of one batch, {@code sandesh.sender.concurrency} at a time, each to
 * its end: every recipient's result is a {@link SendResult}, never a failure of the returned Uni.
 *
 * <p>For each recipient: the {@link CampaignGate} is checked before it and again at its rate slot
 * (a paused or cancelled campaign's recipients are DEFERRED, a halted campaign's or number's
 * HALTED with the reason); then one {@link SendAttempt} through the {@link CloudApiGateway}, and
 * for a refusal what {@link SendPolicy} decides: 130429 lowers the number's rate and retries after
 * a backoff, 131056 retries that recipient later, 131057 pauses the number then retries, template
 * errors halt the campaign, auth/account errors and 131048 halt the number; everything else is
 * recorded FAILED (131050 becomes an opt-out after the ledger is written, see {@code SendBatchHandler}).
 */
@ApplicationScoped
public class RecipientSender {

    private static final Logger LOG = Logger.getLogger(RecipientSender.class);

    private final CloudApiGateway gateway;
    private final SendSlotQueue slots;
    private final SendPolicy policy;
    private final CampaignControlStore controls;
    private final CampaignGate gate;
    private final SendMetrics metrics;
    private final int concurrency;

    public RecipientSender(CloudApiGateway gateway, SendSlotQueue slots, SendPolicy policy, CampaignControlStore controls,
                           SendMetrics metrics, SenderConfig config) {
        this.gateway = gateway;
        this.slots = slots;
        this.policy = policy;
        this.controls = controls;
        this.gate = controls.gate();
        this.metrics = metrics;
        this.concurrency = config.concurrency();
    }

    /**
     * @param batchOrder the order the batch was taken up in: the number's slots go to the oldest batch first
     * @param toSend     the recipients this delivery claimed
     */
    public Uni<List<SendResult>> sendAll(SendBatch batch, long batchOrder, List<SendBatch.Recipient> toSend) {
        if (toSend.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Bounded concurrency: at most `concurrency` recipients of the batch wait for a slot or an answer.
        return Multi.createFrom().iterable(toSend)
                .onItem().transformToUni(recipient -> sendOne(batch, batchOrder, recipient)).merge(concurrency)
                .collect().asList();
    }

    private Uni<SendResult> sendOne(SendBatch batch, long batchOrder, SendBatch.Recipient recipient) {
        Recipient r = new Recipient(batch, batchOrder, recipient, TemplateMessageRequest.of(batch.template(), recipient));
        Verdict verdict = gate.verdict(batch.campaignId(), batch.phoneNumberId());
        Uni<SendResult> result = verdict instanceof Verdict.Send ? attempt(r) : Uni.createFrom().item(stopped(r, verdict));
        return result.invoke(metrics::sent);
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
                .chain(attempt -> switch (attempt) {
                    case SendAttempt.Accepted accepted ->
                            Uni.createFrom().item(SendResult.accepted(r.seq(), accepted.wamid(), r.attempts().get()));
                    case SendAttempt.Refused refused -> decided(r, refused.error());
                    case SendAttempt.NotSent notSent -> Uni.createFrom().item(stopped(r, gate.verdict(campaignId, r.number())));
                    case SendAttempt.BreakerOpen open -> Uni.createFrom().item(
                            SendResult.deferred(r.seq(), LocalError.BREAKER_OPEN.code(), LocalError.BREAKER_OPEN.meaning()));
                    case SendAttempt.FailedLocally failed -> Uni.createFrom().item(SendResult.failed(r.seq(),
                            new CloudApiError.Unrecognised(LocalError.NOT_SENT.code(), "not sent: " + failed.failure()), 0));
                    case SendAttempt.Ambiguous ambiguous -> {
                        // The request may have left: Meta may have it. Never retried (no idempotency key at Meta).
                        LOG.debugf("send to %s ended UNKNOWN: %s", PhoneMask.mask(r.recipient().phone()), ambiguous.failure());
                        yield Uni.createFrom().item(SendResult.unknown(r.seq(), ambiguous.reason(), r.attempts().get()));
                    }
                });
    }

    private Uni<SendResult> decided(Recipient r, CloudApiError error) {
        String errorClass = SendPolicy.errorClass(error);
        Uni<SendResult> failed = Uni.createFrom().item(() -> SendResult.failed(r.seq(), error, r.attempts().get()));
        return switch (policy.decide(error, r.retriesOf(errorClass))) {
            case Decision.SlowDownThenRetry(Duration after) -> {
                if (slots.throttle(r.number())) {
                    LOG.infof("phone number %s: 130429 from the Cloud API, rate lowered to %.1f/s",
                            r.number(), slots.currentRate(r.number()));
                }
                yield retryAfter(r, errorClass, after);
            }
            case Decision.RetryAfter(Duration after) -> retryAfter(r, errorClass, after);
            case Decision.PauseNumberThenRetry(Duration pause) -> {
                slots.pause(r.number(), pause);
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
        metrics.retried(errorClass);
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
}
