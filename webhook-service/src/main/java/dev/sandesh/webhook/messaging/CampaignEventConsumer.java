package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.AmqpBody;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The AMQP adapter of {@link CampaignEventHandler} ({@code webhook.campaign-events}): acks once the
 * event is recorded, nacks (→ {@code .dlq}) poison at once and anything else after the handler's retries.
 */
@ApplicationScoped
public class CampaignEventConsumer {

    private static final Logger LOG = Logger.getLogger(CampaignEventConsumer.class);

    private final CampaignEventHandler handler;

    CampaignEventConsumer(CampaignEventHandler handler) {
        this.handler = handler;
    }

    @Incoming("campaign-events")
    public Uni<Void> consume(Message<Object> message) {
        return AckOrDeadLetter.settle(message, () -> handler.handle(AmqpBody.of(message)), LOG, "campaign event");
    }
}
