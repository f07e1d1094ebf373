package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.InstantSource;
import java.time.ZoneOffset;

/**
 * Publishes one {@link SendBatch} to {@code sandesh.batches}. The returned Uni completes when the
 * broker has confirmed the message (publisher confirms), and fails when it refused or did not answer
 * within {@code sandesh.broadcast.publish-timeout}. The wait is per batch, not per campaign: a
 * campaign of a million recipients takes as long to publish as it takes, for as long as the broker
 * keeps confirming.
 */
@ApplicationScoped
public class BatchPublisher {


    private final MutinyEmitter<byte[]> emitter;
    private final InstantSource clock;
    private final BroadcastConfig config;

    public BatchPublisher(@Channel("batches") MutinyEmitter<byte[]> emitter, InstantSource clock, BroadcastConfig config) {
        this.emitter = emitter;
        this.clock = clock;
        this.config = config;
    }

    public Uni<Void> publish(SendBatch batch) {
        OutgoingRabbitMQMetadata metadata = WireMessages.metadata(batch)
                .withMessageId(batch.campaignId() + "/" + batch.batchNumber())
                .withTimestamp(clock.instant().atZone(ZoneOffset.UTC))
                .build();
        return emitter.sendMessage(WireMessages.message(batch, metadata)).ifNoItem().after(config.publishTimeout()).fail();
    }
}
