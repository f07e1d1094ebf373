package dev.sandesh.contracts;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every {@link WireEvent} goes onto RabbitMQ (docs/CONVENTIONS.md): its {@link WireJson} body,
 * content type {@code application/json}, the {@link Topology#TYPE_HEADER} naming it, and persistent
 * delivery so a broker restart keeps it. Publishers add what is their own (routing key, message id,
 * extra headers) to {@link #metadata(WireEvent)} and send {@link #message(WireEvent, OutgoingRabbitMQMetadata)},
 * which signs it: the one place every internal message is signed ({@link InternalSignature}, as a
 * binary-mode CloudEvent with the {@value InternalSignature#EXTENSION} extension).
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

    /**
     * The event's JSON with that metadata, signed with the {@link InternalSignature#installed()
     * installed} secret, for a {@code MutinyEmitter<byte[]>}.
     */
    public static Message<byte[]> message(WireEvent event, OutgoingRabbitMQMetadata metadata) {
        return message(event, metadata, InternalSignature.installed());
    }

    /** As {@link #message(WireEvent, OutgoingRabbitMQMetadata)}, signed with {@code signature}. */
    public static Message<byte[]> message(WireEvent event, OutgoingRabbitMQMetadata metadata, InternalSignature signature) {
        byte[] body = WireJson.encode(event);
        Map<String, Object> headers = new LinkedHashMap<>(metadata.getHeaders());
        headers.putAll(signature.headers(event.type(), body));
        OutgoingRabbitMQMetadata signed = OutgoingRabbitMQMetadata.builder()
                .withHeaders(headers)
                .withContentType(metadata.getContentType())
                .withContentEncoding(metadata.getContentEncoding())
                .withDeliveryMode(metadata.getDeliveryMode())
                .withPriority(metadata.getPriority())
                .withCorrelationId(metadata.getCorrelationId())
                .withReplyTo(metadata.getReplyTo())
                .withExpiration(metadata.getExpiration())
                .withMessageId(metadata.getMessageId())
                .withTimestamp(metadata.getTimestamp())
                .withType(metadata.getType())
                .withUserId(metadata.getUserId())
                .withAppId(metadata.getAppId())
                .withClusterId(metadata.getClusterId())
                .withRoutingKey(metadata.getRoutingKey())
                .build();
        return Message.of(body, Metadata.of(signed));
    }
}
