package dev.sandesh.webhook.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * How status facts about one message combine, whatever order and however many times they arrive.
 *
 * <p>accepted → sent → delivered → read, forward only. {@code failed} replaces accepted or sent and
 * nothing that comes before delivery moves a message out of it. Meta does not guarantee webhook
 * order, and a provider documents {@code delivered} arriving after {@code failed} as well as the
 * reverse; if the winner depended on arrival order, a redelivered webhook could flip a message.
 * So the rule is a join over one total order, accepted &lt; sent &lt; failed &lt; delivered &lt; read:
 * proof that the phone got the message (delivered, read) outranks a failure report, and a failure
 * is never downgraded by a late {@code sent}. Duplicates change nothing; each status keeps the
 * earliest timestamp seen for it.
 *
 * <p>Every merge here is commutative, associative and idempotent, which the property tests check.
 */
public final class StatusLattice {

    private StatusLattice() {
    }

    /** The state of a message of which {@code event} is the first fact known. */
    public static MessageState start(StatusEvent event) {
        return apply(null, event);
    }

    /** {@code current} (null when nothing is known yet) with {@code event} merged in. */
    public static MessageState apply(MessageState current, StatusEvent event) {
        Objects.requireNonNull(event, "event");
        if (current == null) {
            return new MessageState(
                    event.status(),
                    at(event, DeliveryStatus.ACCEPTED),
                    at(event, DeliveryStatus.SENT),
                    at(event, DeliveryStatus.DELIVERED),
                    at(event, DeliveryStatus.READ),
                    at(event, DeliveryStatus.FAILED),
                    event.error(),
                    event.pricing(),
                    event.recipientId());
        }
        return new MessageState(
                event.status().outranks(current.status()) ? event.status() : current.status(),
                earliest(current.acceptedAt(), at(event, DeliveryStatus.ACCEPTED)),
                earliest(current.sentAt(), at(event, DeliveryStatus.SENT)),
                earliest(current.deliveredAt(), at(event, DeliveryStatus.DELIVERED)),
                earliest(current.readAt(), at(event, DeliveryStatus.READ)),
                earliest(current.failedAt(), at(event, DeliveryStatus.FAILED)),
                failureError(current, event),
                Pricing.join(current.pricing(), event.pricing()),
                smallest(current.recipientId(), event.recipientId()));
    }

    /** All of {@code events} merged, in any order; null when there are none. */
    public static MessageState fold(Collection<StatusEvent> events) {
        MessageState state = null;
        for (StatusEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    /**
     * Two states of the same message merged, as if every fact behind both had been applied to one:
     * {@code join(fold(a), fold(b)) == fold(a ++ b)}. This is what a bulk write does with a batch
     * folded in memory and the row already stored; the SQL in {@code MessageStatusWriter} mirrors it
     * column by column. Either side may be null (nothing known).
     */
    public static MessageState join(MessageState a, MessageState b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new MessageState(
                b.status().outranks(a.status()) ? b.status() : a.status(),
                earliest(a.acceptedAt(), b.acceptedAt()),
                earliest(a.sentAt(), b.sentAt()),
                earliest(a.deliveredAt(), b.deliveredAt()),
                earliest(a.readAt(), b.readAt()),
                earliest(a.failedAt(), b.failedAt()),
                failureError(a.failedAt(), a.error(), b.failedAt(), b.error()),
                Pricing.join(a.pricing(), b.pricing()),
                smallest(a.recipientId(), b.recipientId()));
    }

    /**
     * Of several {@code failed} reports, the earliest one's error is kept (it is why the message
     * failed); reports at the same second are ordered by code, so the choice never depends on order.
     */
    private static StatusError failureError(MessageState current, StatusEvent event) {
        if (event.status() != DeliveryStatus.FAILED) {
            return current.error();
        }
        return failureError(current.failedAt(), current.error(), event.at(), event.error());
    }

    private static StatusError failureError(Instant aFailedAt, StatusError a, Instant bFailedAt, StatusError b) {
        if (aFailedAt == null || bFailedAt == null) {
            return aFailedAt == null ? b : a;
        }
        int byTime = bFailedAt.compareTo(aFailedAt);
        if (byTime != 0) {
            return byTime < 0 ? b : a;
        }
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return StatusError.ORDER.compare(b, a) < 0 ? b : a;
    }

    private static Instant at(StatusEvent event, DeliveryStatus status) {
        return event.status() == status ? event.at() : null;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isBefore(b) ? a : b;
    }

    private static String smallest(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Comparator.<String>naturalOrder().compare(a, b) <= 0 ? a : b;
    }
}
