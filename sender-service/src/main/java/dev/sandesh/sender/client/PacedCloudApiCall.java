package dev.sandesh.sender.client;

import dev.sandesh.sender.pacing.SendSlotQueue;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
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
 * <p>Only {@link CloudApiGateway} calls it: @Retry has to see the failures as exceptions, the
 * gateway turns them into a {@link SendAttempt} afterwards. The annotation values are the only
 * definition of the retry; override them with
 * {@code quarkus.fault-tolerance."dev.sandesh.sender.client.PacedCloudApiCall/send".retry.*}
 * (and {@code .exponential-backoff.*}).
 *
 * <p>{@code @AsynchronousNonBlocking}: the method only builds a non-blocking Uni, so Fault Tolerance
 * keeps it on the caller's Vert.x context (the event loop) and never hands it to a worker thread
 * (Quarkus already infers this from the {@code Uni} return type; the annotation says it outright).
 */
@ApplicationScoped
public class PacedCloudApiCall {

    private final CloudApiCall call;
    private final SendSlotQueue slots;

    public PacedCloudApiCall(CloudApiCall call, SendSlotQueue slots) {
        this.call = call;
        this.slots = slots;
    }

    /**
     * @param batchOrder the order the recipient's batch was taken up in: the number's slots go to the oldest batch first
     * @param attempts   incremented once per request actually made, for the ledger
     * @return Meta's answer (wamid and message_status)
     * @throws NotSentException (as the Uni's failure) when the campaign or number stopped before the request left
     */
    @AsynchronousNonBlocking
    @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, jitter = 100, jitterDelayUnit = ChronoUnit.MILLIS,
            maxDuration = 60, durationUnit = ChronoUnit.SECONDS, retryOn = TransientCloudApiException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<MessageAccepted> send(String phoneNumberId, long batchOrder, TemplateMessageRequest request, AtomicInteger attempts,
                            BooleanSupplier mayStillSend) {
        // Checked while waiting (a stopped campaign's recipients leave the queue without taking a
        // slot) and again at the moment of sending, so a pause takes effect within one rate slot.
        return slots.slot(phoneNumberId, batchOrder, mayStillSend)
                .onFailure(SendSlotQueue.NotWantedException.class).transform(stopped -> notSent())
                .chain(() -> {
                    if (!mayStillSend.getAsBoolean()) {
                        return Uni.createFrom().failure(notSent());
                    }
                    attempts.incrementAndGet();
                    return call.send(phoneNumberId, request)
                            .onFailure(CircuitBreakerOpenException.class).invoke(open -> attempts.decrementAndGet());
                });
    }

    private static NotSentException notSent() {
        return new NotSentException("the campaign or the number stopped sending");
    }

    /** Nothing was sent: the campaign or number was stopped while this recipient waited for its slot. */
    static final class NotSentException extends RuntimeException {
        NotSentException(String message) {
            super(message, null, false, false);
        }
    }
}
