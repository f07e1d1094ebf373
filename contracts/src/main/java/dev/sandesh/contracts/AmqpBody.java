package dev.sandesh.contracts;

import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * The raw bytes of a message a service's {@code @Incoming} AMQP consumer received, for
 * {@link WireJson#decode}: the one way every consumer reads them (the CloudEvents adapters read
 * theirs with {@link CloudEventBody}).
 *
 * <p>The RabbitMQ connector decodes {@code application/json} bodies into a {@code JsonObject}
 * unless the channel sets {@code content-type-override}; the delivery's own bytes are still on an
 * {@link IncomingRabbitMQMessage}, and they are what the producer wrote, so they are preferred.
 * Other payload types (a message built in a test, or by another connector) are re-encoded. A
 * message without a body, or with a payload of a type that is not a serialised form, is a
 * {@link WireFormatException}: poison, dead-lettered at once.
 */
public final class AmqpBody {

    private AmqpBody() {
    }

    public static byte[] of(Message<?> message) {
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
}
