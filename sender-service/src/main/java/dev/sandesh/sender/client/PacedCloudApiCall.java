package dev.sandesh.sender.client;

import dev.sandesh.sender.config.CloudApiConfig;
import dev.sandesh.sender.metrics.SendMetrics;
import dev.sandesh.sender.pacing.SendSlotQueue;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Waits for a pacing slot of the business number (so that no request — first try or retry —
 * exceeds the configured rate), then makes one {@link CloudApiCall}. Transient failures (5xx,
 * Meta's transient codes, connections that never opened) are retried a bounded number of times with
 * exponential backoff and jitter; each retry takes a new slot. Timeouts and every other failure are
 * not retried here. An open circuit breaker ({@code CircuitBreakerOpenException}) is not retried
 * either, and is not counted as an attempt: nothing left.
 *
 * <p>The retry is a SmallRye Fault Tolerance {@link TypedGuard} built once from
 * {@code sandesh.cloud-api.retry.*}; each retry is counted in
 * {@code sandesh_sender_retries_total{reason="transient"}}. Only {@link CloudApiGateway} calls it:
 * the retry has to see the failures as failures, the gateway turns them into a {@link SendAttempt}
 * afterwards.
 *
 * <p>No thread hop of its own: the guard has no thread offload (it resumes a delayed retry on the
 * event loop it started on); an unpaced slot continues on the caller's thread, a paced one on the
 * pacing timer's (see {@link #slot}); a first request leaves on the database client's thread once
 * its attempt-started mark committed (see {@link #started}).
 *
 * <p>The mark comes after the slot, not before: a recipient still waiting for its slot when the
 * process dies has no mark, so the redelivery sends it instead of reporting it UNKNOWN. The requests
 * whose marks one statement wrote leave together when it commits: a burst of at most the slots
 * granted during one commit (a few at 1,000/s), far inside Meta's one-second meter.
 */
@ApplicationScoped
public class PacedCloudApiCall {

    private static final TypeLiteral<Future<MessageAccepted>> ANSWER = new TypeLiteral<>() {
    };

    private final CloudApiCall call;
    private final SendSlotQueue slots;
    private final TypedGuard<Future<MessageAccepted>> guard;

    public PacedCloudApiCall(CloudApiCall call, SendSlotQueue slots, CloudApiConfig config, SendMetrics metrics) {
        this.call = call;
        this.slots = slots;
        CloudApiConfig.Retry retry = config.retry();
        this.guard = TypedGuard.create(ANSWER)
                .withDescription("cloud-api send")
                .withRetry()
                .maxRetries(retry.maxRetries())
                .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .retryOn(TransientCloudApiException.class)
                .onRetry(() -> metrics.retried(SendMetrics.TRANSIENT))
                .withExponentialBackoff()
                .factor(retry.backoffFactor())
                .maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .build();
    }

    /**
     * @param batchOrder the order the recipient's batch was taken up in: the number's slots go to the oldest batch first
     * @param attempts   incremented once per request actually made, for the ledger
     * @param start      written after the slot and before the first request ({@link AttemptStart})
     * @return Meta's answer (wamid and message_status); fails with {@link NotSentException} when the
     *         campaign or number stopped before the request left, {@link TakenOverException} when another
     *         delivery took the recipient over, {@link StartNotRecordedException} when the mark failed
     */
    public Future<MessageAccepted> send(String phoneNumberId, long batchOrder, TemplateMessageRequest request, AtomicInteger attempts,
                                        BooleanSupplier mayStillSend, AttemptStart start) {
        return guard.get(() -> slot(phoneNumberId, batchOrder, mayStillSend).compose(granted -> {
            // Checked while waiting (a stopped campaign's recipients leave the queue without taking a
            // slot) and again at the moment of sending, so a pause takes effect within one rate slot.
            if (!mayStillSend.getAsBoolean()) {
                return Future.failedFuture(notSent());
            }
            // Before the first request only (retries follow a request that may have left anyway).
            Future<Void> started = attempts.get() == 0 ? started(start) : Future.succeededFuture();
            return started.compose(marked -> {
                // A pause or a shutdown while the mark was written: nothing left, the claim is released.
                if (!mayStillSend.getAsBoolean()) {
                    return Future.failedFuture(notSent());
                }
                attempts.incrementAndGet();
                return call.send(phoneNumberId, request).recover(failure -> {
                    if (failure instanceof CircuitBreakerOpenException) {
                        attempts.decrementAndGet();
                    }
                    return Future.failedFuture(failure);
                });
            });
        }));
    }

    /**
     * The attempt-started mark, after the slot: the request leaves when the statement that wrote it
     * (group-committed with the others, {@code persistence.AttemptStarts}) has committed, on the
     * database client's thread.
     */
    private static Future<Void> started(AttemptStart start) {
        Promise<Void> marked = Promise.promise();
        start.record().whenComplete((owned, failure) -> {
            if (failure != null) {
                marked.fail(new StartNotRecordedException(failure));
            } else if (!owned) {
                marked.fail(new TakenOverException());
            } else {
                marked.complete();
            }
        });
        return marked.future();
    }

    /**
     * The number's next slot. A paced one is granted on the pacing timer's thread and a retry leaves
     * from there, at the moment of the grant (handing it to an event loop first would add that loop's
     * backlog to the spacing: bursts above the rate at Meta's meter); a first request asks for its
     * mark from there.
     */
    private Future<Void> slot(String phoneNumberId, long batchOrder, BooleanSupplier mayStillSend) {
        Promise<Void> granted = Promise.promise();
        slots.slot(phoneNumberId, batchOrder, mayStillSend).subscribe().with(
                item -> granted.complete(),
                failure -> granted.fail(failure instanceof SendSlotQueue.NotWantedException ? notSent() : failure));
        return granted.future();
    }

    private static NotSentException notSent() {
        return new NotSentException("the campaign or the number stopped sending");
    }

    /** Nothing was sent: another delivery of the batch took the recipient over before its request left. */
    static final class TakenOverException extends RuntimeException {
        TakenOverException() {
            super("another delivery of the batch took the recipient over", null, false, false);
        }
    }

    /** Nothing was sent: the attempt-started mark could not be written (the database is unreachable). */
    static final class StartNotRecordedException extends RuntimeException {
        StartNotRecordedException(Throwable cause) {
            super("the attempt-started mark could not be written: " + cause, cause, false, false);
        }
    }

    /** Nothing was sent: the campaign or number was stopped while this recipient waited for its slot. */
    static final class NotSentException extends RuntimeException {
        NotSentException(String message) {
            super(message, null, false, false);
        }
    }
}
