package dev.sandesh.broadcast.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The RabbitMQ adapter for template events ({@code broadcast.templates}): reads the body with
 * {@link AmqpBody} and hands it to {@link TemplateEventHandler}, ending the delivery through
 * {@link Deliveries}. Poison (no body, not a TemplateEvent) is dead-lettered at once with the
 * reason; a good event that fails because the database or the broker is down is held and retried
 * until it is applied: a pause of a template must not be lost because a dependency was down.
 */
@ApplicationScoped
public class TemplateEventConsumer {

    private final TemplateEventHandler handler;
    private final Deliveries deliveries;

    public TemplateEventConsumer(TemplateEventHandler handler, Deliveries deliveries) {
        this.handler = handler;
        this.deliveries = deliveries;
    }

    @Incoming("templates")
    public Uni<Void> consume(Message<?> message) {
        return deliveries.settle(message, "templates", "template event", () -> handler.handle(AmqpBody.of(message)));
    }
}
