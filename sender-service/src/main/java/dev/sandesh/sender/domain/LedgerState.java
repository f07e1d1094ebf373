package dev.sandesh.sender.domain;

/**
 * A ledger row's state. A row is CLAIMED before its request is made, then ends in exactly one of
 * the others. A row still CLAIMED when a later delivery of its batch arrives belonged to a sender
 * that stopped mid-send: it may or may not have gone, so it becomes UNKNOWN and is never sent again.
 */
public enum LedgerState {
    CLAIMED,
    /** Meta answered with a wamid. */
    ACCEPTED,
    /** Meta refused it, or every retry failed. */
    FAILED,
    /** The request may have left and no answer came (timeout, crash mid-send). */
    UNKNOWN,
    /** Not sent because the campaign or number was halted. */
    HALTED,
    /**
     * Not sent because the campaign was paused or cancelled, or the Cloud API's circuit breaker was
     * open: never stored, the claim is released (the row deleted) so a later delivery sends it.
     */
    DEFERRED
}
