package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.PhoneMask;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateComponents;
import dev.sandesh.sender.client.AttemptStart;
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
import dev.sandesh.sender.persistence.AttemptStarts;
import dev.sandesh.sender.persistence.CampaignControlStore;
import dev.sandesh.contracts.ConsumerFailures;
import dev.sandesh.contracts.RetryBackoff;
import io.vertx.pgclient.PgException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 *
 * <p>Just before a recipient's first request leaves (its slot granted), its attempt-started mark is
 * written ({@link AttemptStarts}, group-committed): only then may the request leave. A mark that did
 * not take effect means another delivery of the batch took the recipient over: DEFERRED with
 * {@link LocalError#TAKEN_OVER}, not sent. A mark that could not be written (the database is down)
 * sends nothing: the recipient waits, takes a new slot and tries again (an outage for as long as it
 * lasts; an unexpected error {@code attempt-mark.unexpected-tries} times, then FAILED with -2).
 * Once the sender shuts down ({@link SenderDrain}), every recipient whose request has not left is
 * DEFERRED with {@link LocalError#SHUTTING_DOWN}.
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
    private final AttemptStarts attemptStarts;
    private final SenderDrain drain;
    private final RetryBackoff markBackoff;
    private final int markUnexpectedTries;

    public RecipientSender(CloudApiGateway gateway, SendSlotQueue slots, SendPolicy policy, CampaignControlStore controls,
                           SendMetrics metrics, EarlyHalt earlyHalt, SenderConfig config, AttemptStarts attemptStarts,
                           SenderDrain drain) {
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
        this.attemptStarts = attemptStarts;
        this.drain = drain;
        this.markBackoff = new RetryBackoff(config.attemptMark().backoff(), config.attemptMark().maxBackoff());
        this.markUnexpectedTries = config.attemptMark().unexpectedTries();
    }

    /**
     * @param batchOrder the order the batch was taken up in: the number's slots go to the oldest batch first
     * @param claimToken this delivery's claim token: its attempt-started marks take effect only on its own rows
     * @param toSend     the recipients this delivery claimed
     */
    public Uni<List<SendResult>> sendAll(SendBatch batch, long batchOrder, UUID claimToken, List<SendBatch.Recipient> toSend) {
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
                .onItem().transformToUni(recipient -> sendOne(batch, batchOrder, claimToken, template, recipient)).merge(concurrency)
                .collect().asList();
    }

    private Uni<SendResult> sendOne(SendBatch batch, long batchOrder, UUID claimToken, BatchTemplate template,
                                    SendBatch.Recipient recipient) {
        Verdict verdict = gate.verdict(batch.campaignId(), batch.phoneNumberId());
        Uni<SendResult> result;
        if (!(verdict instanceof Verdict.Send) || drain.started()) {
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
            result = admitted(new Recipient(batch, batchOrder, recipient, request,
                    () -> attemptStarts.start(batch.campaignId(), recipient.sequence(), claimToken)));
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
                             AttemptStart start, AtomicInteger attempts, Map<String, Integer> retries,
                             AtomicReference<CloudApiError> lastRefusal, AtomicInteger markFailures) {
        Recipient(SendBatch batch, long batchOrder, SendBatch.Recipient recipient, TemplateMessageRequest request, AttemptStart start) {
            this(batch, batchOrder, recipient, request, start, new AtomicInteger(), new HashMap<>(), new AtomicReference<>(),
                    new AtomicInteger());
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
                        () -> !drain.started() && gate.verdict(campaignId, r.number()) instanceof Verdict.Send, r.start())
                .chain(attempt -> switch (attempt) {
                    case SendAttempt.Accepted accepted ->
                            Uni.createFrom().item(SendResult.accepted(r.seq(), accepted.wamid(), accepted.messageStatus(),
                                    r.attempts().get()));
                    case SendAttempt.Refused refused -> decided(r, refused.error());
                    case SendAttempt.NotSent notSent -> Uni.createFrom().item(stopped(r.recipient(), gate.verdict(campaignId, r.number()), r.attempts().get()));
                    case SendAttempt.TakenOver takenOver -> Uni.createFrom().item(
                            SendResult.deferred(r.seq(), LocalError.TAKEN_OVER.code(), LocalError.TAKEN_OVER.meaning()));
                    case SendAttempt.StartNotRecorded notRecorded -> markFailed(r, notRecorded.failure());
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
        // A shutdown ends the wait: the next attempt finds the drain and defers the recipient.
        return drain.sleep(after).chain(() -> attempt(r));
    }

    /**
     * The attempt-started mark could not be written: nothing left. An outage is waited out (a new
     * slot after each wait, so the requests stay paced when the database is back); an unexpected
     * error is tried {@code attempt-mark.unexpected-tries} times, then the recipient is FAILED (-2).
     */
    private Uni<SendResult> markFailed(Recipient r, Throwable failure) {
        int failures = r.markFailures().incrementAndGet();
        boolean outage = ConsumerFailures.classify(failure, RecipientSender::sqlState) == ConsumerFailures.Kind.TRANSIENT;
        if (!outage && failures >= markUnexpectedTries) {
            LOG.warnf("campaign %s: the attempt-started mark of recipient %d failed %d times, not sending it: %s",
                    r.batch().campaignId(), r.seq(), failures, failure.toString());
            return Uni.createFrom().item(SendResult.failed(r.seq(), new CloudApiError.Unrecognised(LocalError.NOT_SENT.code(),
                    LocalError.NOT_SENT.meaning() + " (the attempt could not be recorded: " + failure + ")"), 0));
        }
        Duration wait = markBackoff.after(failures, () -> ThreadLocalRandom.current().nextDouble());
        if (Integer.bitCount(failures) == 1) {
            LOG.warnf("campaign %s: the attempt-started mark of recipient %d could not be written (try %d), nothing sent; "
                    + "trying again in %d ms: %s", r.batch().campaignId(), r.seq(), failures, wait.toMillis(), failure.toString());
        }
        return drain.sleep(wait).chain(() -> attempt(r));
    }

    private static Optional<String> sqlState(Throwable link) {
        return link instanceof PgException pg ? Optional.ofNullable(pg.getSqlState()) : Optional.empty();
    }

    /** The campaign or number stopped, or the sender is shutting down, before this recipient was sent (nothing of it left). */
    private SendResult stopped(SendBatch.Recipient r, Verdict verdict, int attempts) {
        return switch (verdict) {
            case Verdict.Halt(String reason) -> SendResult.halted(r.sequence(), reason, attempts);
            case Verdict.Defer(Integer errorCode, String reason) -> SendResult.deferred(r.sequence(), errorCode, reason);
            // Shutting down: the claim is released and the batch, handed back to the broker, is redelivered.
            case Verdict.Send send when drain.started() ->
                    SendResult.deferred(r.sequence(), LocalError.SHUTTING_DOWN.code(), LocalError.SHUTTING_DOWN.meaning());
            // Resumed in the meantime: the claim is released and the re-published batch sends it.
            case Verdict.Send send -> SendResult.deferred(r.sequence(), null, "campaign paused and resumed while waiting");
        };
    }
}
