package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * AMQP adapter of {@code sender.optouts} (bound to {@code sandesh.optouts}): poison goes to the DLQ at
 * once; an opt-out the database did not take after the handler's retries is requeued (a database
 * outage is a wait, never a dead-lettered good message).
 */
@ApplicationScoped
public class OptOutConsumer {

    private static final Logger LOG = Logger.getLogger(OptOutConsumer.class);

    private final OptOutHandler handler;

    public OptOutConsumer(OptOutHandler handler) {
        this.handler = handler;
    }

    @Incoming("sender-optouts")
    public Uni<Void> consume(Message<byte[]> message) {
        OptOut event;
        try {
            event = WireJson.decode(AmqpBody.of(message), OptOut.class, OptOut.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("rejecting an opt-out message to the dead-letter queue: %s", poison.getMessage());
            return Uni.createFrom().completionStage(() -> message.nack(poison));
        }
        return handler.apply(event)
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("opt-out not stored now, requeued: %s", failure.toString());
                    return Uni.createFrom().completionStage(() -> message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
                });
    }
}
