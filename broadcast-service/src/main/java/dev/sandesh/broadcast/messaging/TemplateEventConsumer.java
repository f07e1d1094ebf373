package dev.sandesh.broadcast.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The RabbitMQ adapter for template events ({@code broadcast.templates}): reads the body with
 * {@link AmqpBody} and hands it to {@link TemplateEventHandler}. Poison (no body, not a
 * TemplateEvent) is nacked into {@code broadcast.templates.dlq}; a good event that failed after the
 * handler's retries (database or broker down) is requeued: a pause of a template must not be lost
 * because a dependency was down.
 */
@ApplicationScoped
public class TemplateEventConsumer {

    private static final Logger LOG = Logger.getLogger(TemplateEventConsumer.class);

    private final TemplateEventHandler handler;

    public TemplateEventConsumer(TemplateEventHandler handler) {
        this.handler = handler;
    }

    @Incoming("templates")
    public Uni<Void> consume(Message<?> message) {
        return Uni.createFrom().deferred(() -> handler.handle(AmqpBody.of(message)))
                .onItemOrFailure().transformToUni((event, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (failure instanceof WireFormatException) {
                        LOG.warnf("template event rejected to the dead-letter queue: %s", failure.getMessage());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    LOG.warnf("template event not applied now, requeued: %s", failure.toString());
                    return Uni.createFrom().completionStage(message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
                });
    }
}
