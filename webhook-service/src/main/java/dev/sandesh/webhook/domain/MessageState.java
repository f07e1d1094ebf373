package dev.sandesh.webhook.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * All we know of one message: its place on the lattice and the first time each status was seen.
 * A status's timestamp is kept even when the status itself is outranked (a late {@code delivered}
 * after {@code read} still records when it was delivered; a {@code failed} after {@code delivered}
 * still records when and why Meta said it failed).
 */
public record MessageState(
        DeliveryStatus status,
        Instant acceptedAt,
        Instant sentAt,
        Instant deliveredAt,
        Instant readAt,
        Instant failedAt,
        StatusError error,
        Pricing pricing,
        String recipientId) {

    public MessageState {
        Objects.requireNonNull(status, "status");
    }

    public Instant timestampOf(DeliveryStatus s) {
        return switch (s) {
            case ACCEPTED -> acceptedAt;
            case SENT -> sentAt;
            case DELIVERED -> deliveredAt;
            case READ -> readAt;
            case FAILED -> failedAt;
        };
    }

    /** Read implies delivered: Meta skips {@code delivered} when delivery and reading coincide. */
    public boolean delivered() {
        return status == DeliveryStatus.DELIVERED || status == DeliveryStatus.READ;
    }

    @Override
    public String toString() {
        return "MessageState[status=" + status + ", acceptedAt=" + acceptedAt + ", sentAt=" + sentAt + ", deliveredAt="
                + deliveredAt + ", readAt=" + readAt + ", failedAt=" + failedAt + ", error=" + error + ", pricing=" + pricing + "]";
    }
}
