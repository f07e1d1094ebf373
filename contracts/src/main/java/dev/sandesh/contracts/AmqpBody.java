package dev.sandesh.contracts;

import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The raw bytes of a message a service's {@code @Incoming} AMQP consumer received, for
 * {@link WireJson#decode}, once its {@link InternalSignature} is checked: the one way every consumer
 * reads them (the CloudEvents adapters read theirs with {@link CloudEventBody}).
 *
 * <p>The RabbitMQ connector decodes {@code application/json} bodies into a {@code JsonObject}
 * unless the channel sets {@code content-type-override}; the delivery's own bytes are still on an
 * {@link IncomingRabbitMQMessage}, and they are what the producer wrote and signed, so they are
 * preferred. Other payload types (a message built in a test, or by another connector) are
 * re-encoded. A message without a body, or with a payload of a type that is not a serialised form,
 * is a {@link WireFormatException}; one that is unsigned or not signed with the internal secret is a
 * {@link ForgedMessageException} (a {@code WireFormatException} too): poison, dead-lettered at once,
 * changing nothing.
 */
public final class AmqpBody {

    private AmqpBody() {
    }

    /** The verified body, checked with the {@link InternalSignature#installed() installed} secret. */
    public static byte[] of(Message<?> message) {
        return of(message, InternalSignature.installed());
    }

    /** The verified body, checked with {@code signature}. */
    public static byte[] of(Message<?> message, InternalSignature signature) {
        byte[] body = bytes(message);
        Map<String, Object> headers = headers(message);
        signature.verify(InternalSignature.Attributes.fromHeaders(name -> text(headers.get(name))), body);
        return body;
    }

    private static byte[] bytes(Message<?> message) {
        if (message instanceof IncomingRabbitMQMessage<?> rabbit) {
            byte[] bytes = rabbit.getRabbitMQMessage().body().getBytes();
            if (bytes.length == 0) {
                throw new WireFormatException("empty message");
            }
            return bytes;
        }
        Object payload = message.getPayload();
        return switch (payload) {
            case null -> throw new WireFormatException("empty message");
            case byte[] bytes when bytes.length == 0 -> throw new WireFormatException("empty message");
            case byte[] bytes -> bytes;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case JsonObject json -> json.toBuffer().getBytes();
            case JsonArray json -> json.toBuffer().getBytes();
            case io.vertx.core.buffer.Buffer buffer -> buffer.getBytes();
            case io.vertx.mutiny.core.buffer.Buffer buffer -> buffer.getBytes();
            default -> throw new WireFormatException("unexpected payload type " + payload.getClass().getName());
        };
    }

    /** The AMQP headers as received, or as a publisher set them on a message built in-process. */
    private static Map<String, Object> headers(Message<?> message) {
        if (message instanceof IncomingRabbitMQMessage<?> rabbit) {
            Map<String, Object> headers = rabbit.getHeaders();
            return headers == null ? Map.of() : headers;
        }
        return message.getMetadata(IncomingRabbitMQMetadata.class).map(IncomingRabbitMQMetadata::getHeaders)
                .or(() -> message.getMetadata(OutgoingRabbitMQMetadata.class).map(OutgoingRabbitMQMetadata::getHeaders))
                .orElse(Map.of());
    }

    /** A header value as text: AMQP long strings arrive as {@code LongString}, a few as byte arrays. */
    private static String text(Object value) {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }
}
