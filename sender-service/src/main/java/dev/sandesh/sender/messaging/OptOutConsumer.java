package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * AMQP adapter of {@code sender.optouts} (bound to {@code sandesh.optouts}): poison is dead-lettered
 * at once with the reason; an opt-out the database does not take now is held and retried until it
 * does ({@link Deliveries}: an outage is a wait, never a dead-lettered good message).
 */
@ApplicationScoped
public class OptOutConsumer {

    private static final Logger LOG = Logger.getLogger(OptOutConsumer.class);

    private final OptOutHandler handler;
    private final Deliveries deliveries;

    public OptOutConsumer(OptOutHandler handler, Deliveries deliveries) {
        this.handler = handler;
        this.deliveries = deliveries;
    }

    @Incoming("sender-optouts")
    public Uni<Void> consume(Message<byte[]> message) {
        OptOut event;
        try {
            event = WireJson.decode(AmqpBody.of(message), OptOut.class, OptOut.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("dead-lettering a poison opt-out message: %s", poison.getMessage());
            return deliveries.deadLetter(message, Topology.SENDER_OPTOUTS, poison);
        }
        return deliveries.settle(message, "sender-optouts", "opt-out", () -> handler.apply(event));
    }
}
