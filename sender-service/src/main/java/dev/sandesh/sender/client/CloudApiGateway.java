package dev.sandesh.sender.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The one way the sender talks to the Cloud API: one recipient's message, through the number's
 * pacing slot, with the transient retries ({@link PacedCloudApiCall}), the per-request timeout and
 * the circuit breaker ({@link CloudApiCall}). Its answer is a {@link SendAttempt}: the fault
 * tolerance lives behind this class, and nothing outside this package sees its exceptions.
 *
 * <p>The mapping happens after the retried call has ended, so retries, breaker and timeout behave
 * exactly as their guards say; it is the one Mutiny step of the call (the rest is Vert.x futures).
 */
@ApplicationScoped
public class CloudApiGateway {

    private final PacedCloudApiCall call;

    public CloudApiGateway(PacedCloudApiCall call) {
        this.call = call;
    }

    /**
     * @param batchOrder   the order the recipient's batch was taken up in: the number's slots go to the oldest batch first
     * @param attempts     incremented once per request actually made, for the ledger
     * @param mayStillSend checked while waiting for the slot and at the moment of sending
     * @param start        the attempt-started mark, written after the slot and before the first request
     */
    public Uni<SendAttempt> send(String phoneNumberId, long batchOrder, TemplateMessageRequest request, AtomicInteger attempts,
                                 BooleanSupplier mayStillSend, AttemptStart start) {
        // One Mutiny operator per recipient: the guards and the request work on Vert.x futures.
        return Uni.createFrom().emitter(emitter -> call.send(phoneNumberId, batchOrder, request, attempts, mayStillSend, start)
                .onComplete(answer -> emitter.complete(answer.succeeded()
                        ? new SendAttempt.Accepted(answer.result().wamid(), answer.result().messageStatus())
                        : attemptOf(answer.cause(), attempts.get()))));
    }

    private static SendAttempt attemptOf(Throwable failure, int attempts) {
        if (failure instanceof PacedCloudApiCall.NotSentException) {
            return SendAttempt.NOT_SENT;
        }
        if (failure instanceof PacedCloudApiCall.TakenOverException) {
            return SendAttempt.TAKEN_OVER;
        }
        if (failure instanceof PacedCloudApiCall.StartNotRecordedException notRecorded) {
            return new SendAttempt.StartNotRecorded(notRecorded.getCause());
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return SendAttempt.BREAKER_OPEN;
        }
        if (failure instanceof CloudApiException e) {
            return new SendAttempt.Refused(e.error());
        }
        if (attempts == 0) {
            return new SendAttempt.FailedLocally(failure.getClass().getSimpleName());
        }
        String reason = failure instanceof TimeoutException
                ? "no answer from the Cloud API within the timeout; it may have been sent"
                : "the request failed after it may have left (" + failure.getClass().getSimpleName() + "); it may have been sent";
        return new SendAttempt.Ambiguous(reason, failure.toString());
    }
}
