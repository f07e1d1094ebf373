package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import io.smallrye.mutiny.Uni;
import dev.sandesh.sender.config.SenderConfig;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * AMQP adapter: reads {@code SendBatch}es from {@code sender.batches} and hands them to
 * {@link SendBatchHandler}. Acks only after the handler's outcome is confirmed; a body that is not
 * a {@code SendBatch} of a known version is poison and is rejected to the DLQ at once; any other
 * failure (after the handler's bounded retries) is rejected to the DLQ too — never requeued in a loop.
 * A remainder re-queued by an open circuit breaker more than {@code breaker-requeues} times is
 * rejected to the DLQ as well (shovel it back once the Cloud API is healthy).
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    private final SendBatchHandler handler;
    private final SenderConfig config;

    public BatchConsumer(SendBatchHandler handler, SenderConfig config) {
        this.handler = handler;
        this.config = config;
    }

    @Incoming("batches")
    public Uni<Void> consume(Message<byte[]> message) {
        SendBatch batch;
        try {
            batch = WireJson.decode(AmqpBody.of(message), SendBatch.class, SendBatch.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("rejecting a batch message to the dead-letter queue: %s", poison.getMessage());
            return Uni.createFrom().completionStage(() -> message.nack(poison));
        }
        int requeues = requeues(message);
        if (requeues > config.breakerRequeues()) {
            LOG.warnf("campaign %s batch %d: re-queued %d times while the Cloud API circuit breaker was open, "
                    + "rejecting the remainder to the dead-letter queue", batch.campaignId(), batch.batchNumber(), requeues - 1);
            return Uni.createFrom().completionStage(() -> message.nack(new IllegalStateException("too many re-queues")));
        }
        return handler.handle(batch, requeues)
                .chain(outcome -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("campaign %s batch %d failed after retries, rejecting it to the dead-letter queue: %s",
                            batch.campaignId(), batch.batchNumber(), failure.toString());
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    private static int requeues(Message<?> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(metadata -> BatchRequeuer.requeues(metadata.getHeaders().get(BatchRequeuer.REQUEUES_HEADER)))
                .orElse(0);
    }
}
