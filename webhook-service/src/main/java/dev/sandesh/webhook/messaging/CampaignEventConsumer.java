package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The AMQP adapter of {@link CampaignEventHandler} ({@code webhook.campaign-events}), ending each
 * delivery through {@link Deliveries}: acked once the event is recorded, poison dead-lettered at once
 * with the reason, a database outage waited out.
 */
@ApplicationScoped
public class CampaignEventConsumer {

    private final CampaignEventHandler handler;
    private final Deliveries deliveries;

    CampaignEventConsumer(CampaignEventHandler handler, Deliveries deliveries) {
        this.handler = handler;
        this.deliveries = deliveries;
    }

    @Incoming("campaign-events")
    public Uni<Void> consume(Message<Object> message) {
        return deliveries.settle(message, "campaign-events", "campaign event", () -> handler.handle(AmqpBody.of(message)));
    }
}
