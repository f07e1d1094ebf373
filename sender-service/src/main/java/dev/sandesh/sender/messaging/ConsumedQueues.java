package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.Topology;
import dev.sandesh.support.messaging.ConsumedRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The queues this service consumes, by incoming channel: the send batches, campaign control and
 * the opt-outs of its own copy. service-support's {@code Deliveries}, {@code ConsumersHealth}
 * ("consumers", one entry per channel) and DLQ replay
 * ({@code POST /internal/v1/dlq/{queue}/replay}) work on these (service-support/README.md).
 */
@ApplicationScoped
public class ConsumedQueues {

    @Produces
    @Singleton
    ConsumedRoutes routes() {
        return ConsumedRoutes.of("batches", Topology.BATCHES)
                .and("control", Topology.CONTROL)
                .and("sender-optouts", Topology.SENDER_OPTOUTS);
    }
}
