package dev.sandesh.broadcast.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * The RabbitMQ adapter for opt-outs ({@code broadcast.optouts}). Acks what was applied; nacks the
 * rest, which {@code failure-strategy=reject} sends to {@code broadcast.optouts.dlq}: never a
 * requeue loop.
 */
@ApplicationScoped
public class OptOutConsumer {

    private static final Logger LOG = Logger.getLogger(OptOutConsumer.class);

    private final OptOutHandler handler;

    public OptOutConsumer(OptOutHandler handler) {
        this.handler = handler;
    }

    @Incoming("optouts")
    public Uni<Void> consume(Message<?> message) {
        return handler.handle(body(message))
                .onItemOrFailure().transformToUni((event, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.warnf("opt-out message rejected to the dead-letter queue: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * The raw body. The connector turns {@code application/json} bodies into a JsonObject, so we
     * prefer the broker's bytes and fall back to re-encoding whatever payload type we were given.
     */
    static byte[] body(Message<?> message) {
        if (message instanceof IncomingRabbitMQMessage<?> raw) {
            return raw.getRabbitMQMessage().body().getBytes();
        }
        return switch (message.getPayload()) {
            case byte[] bytes -> bytes;
            case io.vertx.core.buffer.Buffer buffer -> buffer.getBytes();
            case io.vertx.mutiny.core.buffer.Buffer buffer -> buffer.getBytes();
            case JsonObject object -> object.toBuffer().getBytes();
            case JsonArray array -> array.toBuffer().getBytes();
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case null -> new byte[0];
            default -> String.valueOf(message.getPayload()).getBytes(StandardCharsets.UTF_8);
        };
    }
}
