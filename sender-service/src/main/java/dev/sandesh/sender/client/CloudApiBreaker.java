package dev.sandesh.sender.client;

import dev.sandesh.sender.domain.BreakerState;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;

/** The state of {@link CloudApiCall}'s circuit breaker, in the sender's own terms (for its gauge). */
@ApplicationScoped
public class CloudApiBreaker {

    private final CircuitBreakerMaintenance breakers;

    public CloudApiBreaker(CircuitBreakerMaintenance breakers) {
        this.breakers = breakers;
    }

    public BreakerState state() {
        try {
            return switch (breakers.currentState(CloudApiCall.BREAKER)) {
                case CLOSED -> BreakerState.CLOSED;
                case HALF_OPEN -> BreakerState.HALF_OPEN;
                case OPEN -> BreakerState.OPEN;
            };
        } catch (RuntimeException unknown) {
            // An unknown breaker name throws: report NaN rather than fail the scrape.
            return BreakerState.UNKNOWN;
        }
    }
}
