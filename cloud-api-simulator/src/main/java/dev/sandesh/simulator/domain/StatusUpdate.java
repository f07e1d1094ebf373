package dev.sandesh.simulator.domain;

/** One status object of a status webhook: what happened to which message, and when (epoch seconds). */
public record StatusUpdate(AcceptedMessage message, DeliveryStatus status, long epochSecond) {

    /** Meta sends pricing with {@code sent} and with {@code delivered}, not with read or failed. */
    public boolean carriesPricing() {
        return status == DeliveryStatus.SENT || status == DeliveryStatus.DELIVERED;
    }
}
