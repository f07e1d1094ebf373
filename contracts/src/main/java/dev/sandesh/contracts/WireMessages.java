package dev.sandesh.contracts;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * How every {@link WireEvent} goes onto RabbitMQ (docs/CONVENTIONS.md): its {@link WireJson} body,
 * content type {@code application/json}, the {@link Topology#TYPE_HEADER} naming it, and persistent
 * delivery so a broker restart keeps it. Publishers add what is their own (routing key, message id,
 * extra headers) to {@link #metadata(WireEvent)} and send {@link #message(WireEvent, OutgoingRabbitMQMetadata)}.
 */
public final class WireMessages {

    /** AMQP delivery mode 2: the broker writes the message to disk. */
    private static final int PERSISTENT = 2;

    private WireMessages() {
    }

    /** The metadata every wire message carries, ready for a publisher's own additions. */
    public static OutgoingRabbitMQMetadata.Builder metadata(WireEvent event) {
        return OutgoingRabbitMQMetadata.builder()
                .withContentType("application/json")
                .withHeader(Topology.TYPE_HEADER, event.type())
                .withDeliveryMode(PERSISTENT);
    }

    /** The event's JSON with that metadata, for a {@code MutinyEmitter<byte[]>}. */
    public static Message<byte[]> message(WireEvent event, OutgoingRabbitMQMetadata metadata) {
        return Message.of(WireJson.encode(event), Metadata.of(metadata));
    }
}
