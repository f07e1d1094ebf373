package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.AmqpBody;
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
        return AckOrDeadLetter.settle(message, () -> handler.handle(AmqpBody.of(message)), LOG, "outcome");
    }
}
