package dev.sandesh.simulator.domain;

/** One status object of a status webhook: what happened to which message, and when (epoch seconds). */
public record StatusUpdate(AcceptedMessage message, DeliveryStatus status, long epochSecond) {

    /**
     * Meta sends pricing with {@code sent} and with one of {@code delivered}/{@code read}: with read
     * only when delivered was skipped. A failed message is not charged, and one that failed
     * without being sent (131049, 131050) has no pricing at all.
     */
    public boolean carriesPricing() {
        return switch (status) {
            case SENT, DELIVERED -> true;
            case READ -> message.fate().skipDelivered();
            case FAILED -> false;
        };
    }

    /** {@code errors[].code} of a failed status, or 0. */
    public int errorCode() {
        return status == DeliveryStatus.FAILED ? message.fate().outcome().failureCode() : 0;
    }
}
