package dev.sandesh.broadcast.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The RabbitMQ adapter for opt-outs ({@code broadcast.optouts}): reads the body with
 * {@link AmqpBody} (a message without a body is poison, like one that is not an OptOut) and hands
 * it to {@link OptOutHandler}, ending the delivery through {@link Deliveries}: acked when applied,
 * poison dead-lettered at once with the reason, a database outage waited out — an opt-out the
 * webhook's outbox already marked published is never dead-lettered because PostgreSQL was down.
 */
@ApplicationScoped
public class OptOutConsumer {

    private final OptOutHandler handler;
    private final Deliveries deliveries;

    public OptOutConsumer(OptOutHandler handler, Deliveries deliveries) {
        this.handler = handler;
        this.deliveries = deliveries;
    }

    @Incoming("optouts")
    public Uni<Void> consume(Message<?> message) {
        return deliveries.settle(message, "optouts", "opt-out", () -> handler.handle(AmqpBody.of(message)));
    }
}
