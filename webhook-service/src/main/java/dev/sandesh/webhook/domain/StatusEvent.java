package dev.sandesh.webhook.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One fact about one message: Meta accepted it (from a batch outcome) or a status webhook said
 * sent / delivered / read / failed at {@code at}.
 *
 * @param wamid       Meta's message id, which correlates everything (recipient ids may be hidden)
 * @param status      what happened
 * @param at          when Meta says it happened (for {@code accepted}: when the outcome was recorded)
 * @param recipientId the webhook's {@code recipient_id} (a phone number or a business-scoped user id); may be null
 * @param pricing     the webhook's pricing, may be null
 * @param error       for {@code failed}: the first error, may be null
 */
public record StatusEvent(String wamid, DeliveryStatus status, Instant at, String recipientId, Pricing pricing, StatusError error) {

    public StatusEvent {
        Objects.requireNonNull(wamid, "wamid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (pricing != null && pricing.isEmpty()) {
            pricing = null;
        }
        // an error that names neither code nor title says nothing (and a stored row could not tell it from none)
        if (status != DeliveryStatus.FAILED || (error != null && error.code() == null && error.title() == null)) {
            error = null;
        }
    }

    public static StatusEvent accepted(String wamid, Instant at) {
        return new StatusEvent(wamid, DeliveryStatus.ACCEPTED, at, null, null, null);
    }

    @Override
    public String toString() {
        // recipient_id is usually a phone number: never whole in a log line
        return "StatusEvent[wamid=" + wamid + ", status=" + status + ", at=" + at + "]";
    }
}
