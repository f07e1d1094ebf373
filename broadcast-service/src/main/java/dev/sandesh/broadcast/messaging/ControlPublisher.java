package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.ZoneOffset;

/**
 * Publishes a {@link CampaignControl} to {@code sandesh.control}. Completes when the broker has
 * confirmed it; fails with {@link ControlFailed} otherwise, so the API can refuse the transition
 * instead of claiming a pause the sender never heard of.
 */
@ApplicationScoped
public class ControlPublisher {


    private final MutinyEmitter<byte[]> emitter;
    private final BroadcastConfig config;

    public ControlPublisher(@Channel("control") MutinyEmitter<byte[]> emitter, BroadcastConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    public Uni<Void> publish(CampaignControl control) {
        OutgoingRabbitMQMetadata metadata = WireMessages.metadata(control)
                .withMessageId(control.campaignId() + "/" + control.command() + "/" + control.at().toEpochMilli())
                .withTimestamp(control.at().atZone(ZoneOffset.UTC))
                .build();
        return emitter.sendMessage(WireMessages.message(control, metadata))
                .ifNoItem().after(config.publishTimeout()).fail()
                .onFailure().transform(e -> new ControlFailed(control, e));
    }

    /** The broker did not confirm a control message; the campaign's state was not changed. */
    public static class ControlFailed extends RuntimeException {

        public ControlFailed(CampaignControl control, Throwable cause) {
            super(control.command() + " of campaign " + control.campaignId() + " could not be published: " + cause.getMessage(), cause);
        }
    }
}
