package dev.sandesh.broadcast.messaging;

import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.InstantSource;
import java.time.ZoneOffset;

/**
 * Publishes one {@link SendBatch} to {@code sandesh.batches}. The returned Uni completes when the
 * broker has confirmed the message (publisher confirms), and fails when it refused or never answered.
 */
@ApplicationScoped
public class BatchPublisher {

    private static final int PERSISTENT = 2;

    private final MutinyEmitter<byte[]> emitter;
    private final InstantSource clock;

    public BatchPublisher(@Channel("batches") MutinyEmitter<byte[]> emitter, InstantSource clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    public Uni<Void> publish(SendBatch batch) {
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withContentType("application/json")
                .withDeliveryMode(PERSISTENT)
                .withHeader(Topology.TYPE_HEADER, batch.type())
                .withMessageId(batch.campaignId() + "/" + batch.batchNumber())
                .withTimestamp(clock.instant().atZone(ZoneOffset.UTC))
                .build();
        return emitter.sendMessage(Message.of(WireJson.encode(batch)).addMetadata(metadata));
    }
}
