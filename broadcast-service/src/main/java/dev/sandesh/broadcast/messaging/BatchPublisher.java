package dev.sandesh.broadcast.messaging;

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
 * broker has confirmed the message (publisher confirms), and fails when it refused or never answered.
 */
@ApplicationScoped
public class BatchPublisher {


    private final MutinyEmitter<byte[]> emitter;
    private final InstantSource clock;

    public BatchPublisher(@Channel("batches") MutinyEmitter<byte[]> emitter, InstantSource clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    public Uni<Void> publish(SendBatch batch) {
        OutgoingRabbitMQMetadata metadata = WireMessages.metadata(batch)
                .withMessageId(batch.campaignId() + "/" + batch.batchNumber())
                .withTimestamp(clock.instant().atZone(ZoneOffset.UTC))
                .build();
        return emitter.sendMessage(WireMessages.message(batch, metadata));
    }
}
