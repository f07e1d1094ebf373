package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The AMQP adapter of {@link OutcomeHandler}: takes the body's bytes ({@link AmqpBody}: a
 * message without a body, or of an unknown payload type, is poison), acks on success and nacks
 * on failure, which the channel's {@code failure-strategy=reject} turns into a dead letter.
 */
@ApplicationScoped
public class OutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(OutcomeConsumer.class);

    private final OutcomeHandler handler;

    OutcomeConsumer(OutcomeHandler handler) {
        this.handler = handler;
    }

    @Incoming("outcomes")
    public Uni<Void> consume(Message<Object> message) {
        return Uni.createFrom().deferred(() -> handler.handle(AmqpBody.of(message)))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (failure instanceof WireFormatException) {
                        LOG.warnf("dead-lettering a poison outcome: %s", failure.getMessage());
                    } else {
                        LOG.errorf(failure, "dead-lettering an outcome after retries");
                    }
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
