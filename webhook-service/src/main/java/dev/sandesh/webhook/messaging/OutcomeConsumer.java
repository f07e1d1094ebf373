package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * The AMQP adapter of {@link OutcomeHandler}: takes the body's bytes, acks on success and nacks
 * on failure, which the channel's {@code failure-strategy=reject} turns into a dead letter.
 */
@ApplicationScoped
public class OutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(OutcomeConsumer.class);

    private final OutcomeHandler handler;

    OutcomeConsumer(OutcomeHandler handler) {
        this.handler = handler;
    }

    @Incoming("outcomes")
    public Uni<Void> consume(Message<Object> message) {
        return Uni.createFrom().deferred(() -> handler.handle(body(message)))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (failure instanceof WireFormatException) {
                        LOG.warnf("dead-lettering a poison outcome: %s", failure.getMessage());
                    } else {
                        LOG.errorf(failure, "dead-lettering an outcome after retries");
                    }
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * The connector decodes {@code application/json} bodies into a {@link JsonObject}; the raw
     * delivery is still there, and WireJson wants the bytes as the producer wrote them.
     */
    static byte[] body(Message<?> message) {
        if (message instanceof IncomingRabbitMQMessage<?> rabbit) {
            return rabbit.getRabbitMQMessage().body().getBytes();
        }
        Object payload = message.getPayload();
        return switch (payload) {
            case byte[] bytes -> bytes;
            case Buffer buffer -> buffer.getBytes();
            case io.vertx.mutiny.core.buffer.Buffer buffer -> buffer.getBytes();
            case JsonObject json -> json.toBuffer().getBytes();
            case JsonArray json -> json.toBuffer().getBytes();
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case null -> throw new WireFormatException("empty outcome message");
            default -> throw new WireFormatException("unexpected outcome payload " + payload.getClass().getName());
        };
    }
}
