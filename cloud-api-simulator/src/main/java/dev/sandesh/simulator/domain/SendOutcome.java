package dev.sandesh.simulator.domain;

/** What the simulated Cloud API answers to one send. */
public sealed interface SendOutcome {

    /** HTTP 200: the message was accepted (not yet delivered). */
    record Accepted(String input, String waId, String wamid) implements SendOutcome { }

    /** The message was accepted and will be delivered, but the answer never comes (injected timeout). */
    record Unanswered(Accepted accepted) implements SendOutcome { }

    /** A synchronous Graph error. */
    record Rejected(CloudApiError error) implements SendOutcome { }
}
