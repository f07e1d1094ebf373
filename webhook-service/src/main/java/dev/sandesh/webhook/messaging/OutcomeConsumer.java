package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The AMQP adapter of {@link OutcomeHandler}: takes the body's bytes ({@link AmqpBody}: a message
 * without a body, or of an unknown payload type, is poison) and ends the delivery through
 * {@link Deliveries}: acked when recorded, poison dead-lettered at once with the reason, a database
 * outage waited out (never a dead letter).
 */
@ApplicationScoped
public class OutcomeConsumer {

    private final OutcomeHandler handler;
    private final Deliveries deliveries;

    OutcomeConsumer(OutcomeHandler handler, Deliveries deliveries) {
        this.handler = handler;
        this.deliveries = deliveries;
    }

    @Incoming("outcomes")
    public Uni<Void> consume(Message<Object> message) {
        return deliveries.settle(message, "outcomes", "outcome", () -> handler.handle(AmqpBody.of(message)));
    }
}
