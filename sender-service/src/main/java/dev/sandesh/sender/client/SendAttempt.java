package dev.sandesh.sender.client;

import dev.sandesh.sender.domain.CloudApiError;

/**
 * How one recipient's try at the Cloud API ended, as {@link CloudApiGateway} reports it: the
 * exceptions of the REST client and of Fault Tolerance (retries spent, breaker open, timeout) stay
 * inside this package.
 */
public sealed interface SendAttempt {

    /**
     * Meta accepted the message (not delivered yet): {@code wamid} is what its status webhooks carry;
     * {@code messageStatus} is Meta's {@code message_status} ({@code held_for_quality_assessment} when
     * template pacing holds it), null when the answer had none.
     */
    record Accepted(String wamid, String messageStatus) implements SendAttempt {
        public Accepted(String wamid) {
            this(wamid, null);
        }
    }

    /**
     * Meta answered with an error, or the connection never opened; a transient one only after the
     * gateway's retries were spent. What to do with it is {@code SendPolicy}'s decision.
     */
    record Refused(CloudApiError error) implements SendAttempt {}

    /** The campaign or number stopped while the recipient waited for its slot: nothing left. */
    record NotSent() implements SendAttempt {}

    /** Another delivery of the batch took the recipient over before its request left: nothing left from here. */
    record TakenOver() implements SendAttempt {}

    /**
     * The attempt-started mark could not be written, so nothing left (a request never leaves
     * unmarked); {@code failure}: why, to tell an outage (wait and try again) from a bug.
     */
    record StartNotRecorded(Throwable failure) implements SendAttempt {}

    /** The Cloud API's circuit breaker was open: nothing left, the recipient may be sent later. */
    record BreakerOpen() implements SendAttempt {}

    /** A local failure before any request left ({@code failure}: its type): nothing reached Meta. */
    record FailedLocally(String failure) implements SendAttempt {}

    /**
     * The request may have left and no answer came (a timeout, a connection lost mid-request): Meta
     * may have it. Never retried: Meta has no idempotency key.
     *
     * @param reason  why, for the ledger's error title
     * @param failure the failure as it came, for the log
     */
    record Ambiguous(String reason, String failure) implements SendAttempt {}

    SendAttempt NOT_SENT = new NotSent();
    SendAttempt BREAKER_OPEN = new BreakerOpen();
    SendAttempt TAKEN_OVER = new TakenOver();
}
