package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
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
 * AMQP adapter: reads {@code SendBatch}es from {@code sender.batches} and hands them to
 * {@link SendBatchHandler}. Acks only after the handler's outcome is confirmed; a body that is not
 * a {@code SendBatch} of a known version is poison and is rejected to the DLQ at once; any other
 * failure (after the handler's bounded retries) is rejected to the DLQ too — never requeued in a loop.
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    private final SendBatchHandler handler;

    public BatchConsumer(SendBatchHandler handler) {
        this.handler = handler;
    }

    @Incoming("batches")
    public Uni<Void> consume(Message<byte[]> message) {
        SendBatch batch;
        try {
            batch = WireJson.decode(body(message), SendBatch.class, SendBatch.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("rejecting a batch message to the dead-letter queue: %s", poison.getMessage());
            return Uni.createFrom().completionStage(() -> message.nack(poison));
        }
        return handler.handle(batch)
                .chain(outcome -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("campaign %s batch %d failed after retries, rejecting it to the dead-letter queue: %s",
                            batch.campaignId(), batch.batchNumber(), failure.toString());
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    /** The exact bytes received; the channel asks for them as-is ({@code content-type-override}). */
    static byte[] body(Message<?> message) {
        if (message instanceof IncomingRabbitMQMessage<?> rabbit) {
            return rabbit.getRabbitMQMessage().body().getBytes();
        }
        Object payload = message.getPayload();
        return switch (payload) {
            case byte[] bytes -> bytes;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case JsonObject json -> json.toBuffer().getBytes();
            case JsonArray json -> json.toBuffer().getBytes();
            case io.vertx.core.buffer.Buffer buffer -> buffer.getBytes();
            case io.vertx.mutiny.core.buffer.Buffer buffer -> buffer.getBytes();
            case null -> throw new WireFormatException("empty message");
            default -> throw new WireFormatException("unexpected payload type " + payload.getClass().getName());
        };
    }
}
