package dev.sandesh.simulator.domain;

/**
 * A template's state as Meta's template API reports it (CLOUD-API-MORE §2.1). Only APPROVED can
 * be sent; PAUSED and DISABLED have their own send errors (132015 / 132016), every other state
 * is "not in the translation" for the send API (132001).
 */
public enum TemplateStatus {
    APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, PENDING_DELETION, DELETED, ARCHIVED,
    LIMIT_EXCEEDED, LOCKED;

    /** The status a {@code message_template_status_update} event leaves the template in (§3.1). */
    public static TemplateStatus afterEvent(String event, TemplateStatus current) {
        return switch (event) {
            // REINSTATED: "no longer flagged or disabled, can be sent again"; UNARCHIVED is pywa's.
            case "APPROVED", "REINSTATED", "UNARCHIVED" -> APPROVED;
            // FLAGGED: at risk of being disabled, but still sendable.
            case "FLAGGED" -> current;
            default -> valueOf(event);
        };
    }
}
