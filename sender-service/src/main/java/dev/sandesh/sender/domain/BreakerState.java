package dev.sandesh.sender.domain;

/**
 * The Cloud API circuit breaker's state as the sender reports it ({@code sandesh_sender_circuit_breaker_state}),
 * without Fault Tolerance's own type, which stays in the {@code client} package.
 */
public enum BreakerState {
    CLOSED(0),
    HALF_OPEN(1),
    OPEN(2),
    /** The breaker cannot be read (not created yet, or Fault Tolerance refused): reported as NaN. */
    UNKNOWN(Double.NaN);

    private final double gaugeValue;

    BreakerState(double gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** 0 closed, 1 half-open, 2 open, NaN unknown. */
    public double gaugeValue() {
        return gaugeValue;
    }
}
