package dev.sandesh.simulator.domain;

/** The statuses the simulator reports, in the order it reports them for one message. */
public enum DeliveryStatus {
    SENT("sent"), DELIVERED("delivered"), READ("read"), FAILED("failed");

    private final String wire;

    DeliveryStatus(String wire) {
        this.wire = wire;
    }

    /** The value of {@code statuses[].status} in the webhook. */
    public String wire() {
        return wire;
    }
}
