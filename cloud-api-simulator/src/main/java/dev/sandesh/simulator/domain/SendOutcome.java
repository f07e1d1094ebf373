package dev.sandesh.simulator.domain;

/** What the simulated Cloud API answers to one send. */
public sealed interface SendOutcome {

    /**
     * HTTP 200: the message was accepted (not yet delivered).
     *
     * @param waId          the phone's wa_id, or null for a send to a BSUID
     * @param userId        the BSUID for a send to one, else null ({@code contacts[{input, user_id}]}, §4.5)
     * @param messageStatus {@code accepted}, or {@code held_for_quality_assessment} (pacing, §3.11)
     */
    record Accepted(String input, String waId, String wamid, String userId, String messageStatus)
            implements SendOutcome {
        public Accepted(String input, String waId, String wamid) {
            this(input, waId, wamid, null, "accepted");
        }
    }

    /** The message was accepted and will be delivered, but the answer never comes (injected timeout). */
    record Unanswered(Accepted accepted) implements SendOutcome { }

    /** A synchronous Graph error. */
    record Rejected(CloudApiError error) implements SendOutcome { }
}
