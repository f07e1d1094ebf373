package dev.sandesh.broadcast.messaging;

import dev.sandesh.contracts.AmqpBody;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The RabbitMQ adapter for opt-outs ({@code broadcast.optouts}): reads the body with
 * {@link AmqpBody} (a message without a body is poison, like one that is not an OptOut) and hands
 * it to {@link OptOutHandler}. Acks what was applied; nacks the rest, which {@code failure-strategy=reject} sends to {@code broadcast.optouts.dlq}: never a
 * requeue loop.
 */
@ApplicationScoped
public class OptOutConsumer {

    private static final Logger LOG = Logger.getLogger(OptOutConsumer.class);

    private final OptOutHandler handler;

    public OptOutConsumer(OptOutHandler handler) {
        this.handler = handler;
    }

    @Incoming("optouts")
    public Uni<Void> consume(Message<?> message) {
        return Uni.createFrom().deferred(() -> handler.handle(AmqpBody.of(message)))
                .onItemOrFailure().transformToUni((event, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.warnf("opt-out message rejected to the dead-letter queue: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
