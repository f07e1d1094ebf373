package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.PhoneMask;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateComponents;
import dev.sandesh.sender.client.BatchTemplate;
import dev.sandesh.sender.client.CloudApiGateway;
import dev.sandesh.sender.client.SendAttempt;
import dev.sandesh.sender.client.TemplateMessageRequest;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.domain.CampaignGate;
import dev.sandesh.sender.domain.CampaignGate.Verdict;
import dev.sandesh.sender.domain.CloudApiError;
import dev.sandesh.sender.domain.EarlyHalt;
import dev.sandesh.sender.domain.LedgerState;
import dev.sandesh.sender.domain.LocalError;
import dev.sandesh.sender.domain.ProductPolicy;
import dev.sandesh.sender.domain.SendEndpoint;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the claimed recipients of one batch, {@code sandesh.sender.concurrency} at a time, each to
 * its end: every recipient's result is a {@link SendResult}, never a failure of the returned Uni.
 *
 * <p>For each recipient: the {@link CampaignGate} is checked before it and again at its rate slot
 * (a paused or cancelled campaign's recipients are DEFERRED, a halted campaign's or number's
 * HALTED with the reason); then one {@link SendAttempt} through the {@link CloudApiGateway}, and
 * for a refusal what {@link SendPolicy} decides: 130429 lowers the number's rate and retries after
 * a backoff, 131056 retries that recipient later, 131057 pauses the number then retries, template
 * errors halt the campaign, a template paused/disabled by Meta (132015/132016) or still syncing
 * (134101) pauses it (this recipient and the unsent ones DEFERRED), auth/account errors and 131048 halt
 * the number; everything else is recorded FAILED (131050 becomes an opt-out after the ledger is
 * written, see {@code SendBatchHandler}).
 *
 * <p>The batch's template is compiled once ({@link BatchTemplate}) and resolved per recipient; a
 * recipient whose placeholder has no value is FAILED with {@link LocalError#PARAMETER_MISSING}, not
 * sent. Marketing templates of numbers onboarded to the Marketing Messages API go to
 * {@code /marketing_messages} ({@link SendEndpoint}). Every send passes {@link EarlyHalt}: a campaign
 * whose first sends all fail with the same request-class error is halted before it burns its audience.
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
    private final EarlyHalt earlyHalt;
    private final int concurrency;
    private final Map<String, Boolean> marketingMessagesApi;
    private final ProductPolicy productPolicy;

    public RecipientSender(CloudApiGateway gateway, SendSlotQueue slots, SendPolicy policy, CampaignControlStore controls,
                           SendMetrics metrics, EarlyHalt earlyHalt, SenderConfig config) {
        this.gateway = gateway;
        this.slots = slots;
        this.policy = policy;
        this.controls = controls;
        this.gate = controls.gate();
        this.metrics = metrics;
        this.earlyHalt = earlyHalt;
        this.concurrency = config.concurrency();
        this.marketingMessagesApi = Map.copyOf(config.marketingMessagesApi());
        this.productPolicy = config.marketingProductPolicy().orElse(null);
    }

    /**
     * @param batchOrder the order the batch was taken up in: the number's slots go to the oldest batch first
     * @param toSend     the recipients this delivery claimed
     */
    public Uni<List<SendResult>> sendAll(SendBatch batch, long batchOrder, List<SendBatch.Recipient> toSend) {
        if (toSend.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        BatchTemplate template;
        try {
            // Once per batch: the placeholders are parsed here, each recipient's values only substituted.
            template = BatchTemplate.compile(batch.template(),
                    SendEndpoint.of(batch.template().category(), batch.phoneNumberId(), marketingMessagesApi), productPolicy);
        } catch (IllegalArgumentException badComponents) {
            String why = LocalError.PARAMETER_MISSING.meaning() + " (" + badComponents.getMessage() + ")";
            return Uni.createFrom().item(toSend.stream().map(r -> parameterMissing(r.sequence(), why)).toList());
        }
        // Bounded concurrency: at most `concurrency` recipients of the batch wait for a slot or an answer.
        return Multi.createFrom().iterable(toSend)
                .onItem().transformToUni(recipient -> sendOne(batch, batchOrder, template, recipient)).merge(concurrency)
                .collect().asList();
    }

    private Uni<SendResult> sendOne(SendBatch batch, long batchOrder, BatchTemplate template, SendBatch.Recipient recipient) {
        Verdict verdict = gate.verdict(batch.campaignId(), batch.phoneNumberId());
        Uni<SendResult> result;
        if (!(verdict instanceof Verdict.Send)) {
            result = Uni.createFrom().item(stopped(recipient, verdict, 0));
        } else {
            TemplateMessageRequest request;
            try {
                request = template.request(recipient);
            } catch (TemplateComponents.UnresolvedPlaceholder missing) {
                // Broadcast checks every recipient's values before publishing: this is the safety net.
                return Uni.createFrom().item(parameterMissing(recipient.sequence(),
                        LocalError.PARAMETER_MISSING.meaning() + ": " + missing.getMessage())).invoke(metrics::sent);
            }
            result = admitted(new Recipient(batch, batchOrder, recipient, request));
        }
        return result.invoke(metrics::sent);
    }

    /** Waits for {@link EarlyHalt} to let the recipient through, sends it, and tells it how the send ended. */
    private Uni<SendResult> admitted(Recipient r) {
        UUID campaignId = r.batch().campaignId();
        return Uni.createFrom().completionStage(() -> earlyHalt.admit(campaignId))
                .chain(admission -> switch (admission) {
                    case EarlyHalt.Admission.Halted(String reason) -> Uni.createFrom().item(SendResult.halted(r.seq(), reason, 0));
                    case EarlyHalt.Admission.Send send -> attempt(r)
                            .onFailure().invoke(e -> earlyHalt.record(campaignId, EarlyHalt.NOT_SENT))
                            .call(result -> earlyHalted(r, earlyHalt.record(campaignId, sentOf(r, result))));
                });
    }

    private static EarlyHalt.Sent sentOf(Recipient r, SendResult result) {
        CloudApiError refusal = r.lastRefusal().get();
        return switch (result.state()) {
            case ACCEPTED -> EarlyHalt.ACCEPTED;
            case UNKNOWN -> EarlyHalt.UNANSWERED;
            // FAILED without a refusal: a local failure, nothing left.
            case FAILED -> refusal == null ? EarlyHalt.NOT_SENT : new EarlyHalt.Sent.Refused(refusal);
            case DEFERRED, HALTED, CLAIMED -> EarlyHalt.NOT_SENT;
        };
    }

    private Uni<Void> earlyHalted(Recipient r, java.util.Optional<EarlyHalt.Halt> halt) {
        if (halt.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID campaignId = r.batch().campaignId();
        // The one line an operator needs: a campaign stopped by its own bug (wrong version, bad body, bad data).
        LOG.warnf("campaign %s: its first %d sends all failed with %d (%s); halting it instead of sending to the rest",
                campaignId, halt.get().sends(), halt.get().error().code(), halt.get().error().title());
        return controls.haltCampaign(campaignId, r.number(), halt.get().reason())
                .onFailure().invoke(e -> LOG.warnf("could not store the halt of campaign %s (it stands in memory): %s",
                        campaignId, e.toString()))
                .onFailure().recoverWithNull();
    }

    private static SendResult parameterMissing(long sequence, String why) {
        return SendResult.failed(sequence, new CloudApiError.Unrecognised(LocalError.PARAMETER_MISSING.code(), why), 0);
    }

    /**
     * One recipient being sent: its batch (and its order), request, attempts made, retries per error
     * class, and the last refusal from Meta (for {@link EarlyHalt}).
     */
    private record Recipient(SendBatch batch, long batchOrder, SendBatch.Recipient recipient, TemplateMessageRequest request,
                             AtomicInteger attempts, Map<String, Integer> retries, AtomicReference<CloudApiError> lastRefusal) {
        Recipient(SendBatch batch, long batchOrder, SendBatch.Recipient recipient, TemplateMessageRequest request) {
            this(batch, batchOrder, recipient, request, new AtomicInteger(), new HashMap<>(), new AtomicReference<>());
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
                            Uni.createFrom().item(SendResult.accepted(r.seq(), accepted.wamid(), accepted.messageStatus(),
                                    r.attempts().get()));
                    case SendAttempt.Refused refused -> decided(r, refused.error());
                    case SendAttempt.NotSent notSent -> Uni.createFrom().item(stopped(r.recipient(), gate.verdict(campaignId, r.number()), r.attempts().get()));
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
        r.lastRefusal().set(error);
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
            case Decision.PauseCampaign(CloudApiError.TemplateOnHold onHold) -> controls.pauseCampaign(r.batch().campaignId(), r.number(), onHold)
                    .onFailure().invoke(e -> LOG.warnf("could not store the pause of campaign %s (it stands in memory): %s",
                            r.batch().campaignId(), e.toString()))
                    .onFailure().recoverWithNull()
                    // Like the unsent recipients (through the gate): DEFERRED with Meta's code, the claim released.
                    .map(stored -> SendResult.deferred(r.seq(), onHold.code(), "campaign paused: " + onHold.reason()));
            case Decision.HaltNumber halt -> controls.haltNumber(r.number(), error, errorClass)
                    .onFailure().invoke(e -> LOG.warnf("could not store the halt of number %s (it stands in memory): %s",
                            r.number(), e.toString()))
                    .onFailure().recoverWithNull()
                    // refused (401/400 before anything was sent): halted like the rest, so resuming sends it
                    .map(stored -> SendResult.halted(r.seq(), error, "number halted: " + errorClass + " error " + error.code() + " "
                            + error.title(), r.attempts().get()));
        };
    }

    private Uni<SendResult> retryAfter(Recipient r, String errorClass, Duration after) {
        r.retried(errorClass);
        metrics.retried(errorClass);
        Uni<Void> wait = after.isZero() ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(after);
        return wait.chain(() -> attempt(r));
    }

    /** The campaign or number stopped before this recipient was sent (nothing of it left). */
    private static SendResult stopped(SendBatch.Recipient r, Verdict verdict, int attempts) {
        return switch (verdict) {
            case Verdict.Halt(String reason) -> SendResult.halted(r.sequence(), reason, attempts);
            case Verdict.Defer(Integer errorCode, String reason) -> SendResult.deferred(r.sequence(), errorCode, reason);
            // Resumed in the meantime: the claim is released and the re-published batch sends it.
            case Verdict.Send send -> SendResult.deferred(r.sequence(), null, "campaign paused and resumed while waiting");
        };
    }
}
