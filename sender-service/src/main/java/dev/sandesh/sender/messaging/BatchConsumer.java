package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import dev.sandesh.sender.config.SenderConfig;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * AMQP adapter: reads {@code SendBatch}es from {@code sender.batches} and hands them to
 * {@link SendBatchHandler}, ending each delivery through {@link Deliveries}: acked only after the
 * handler's outcome is confirmed; a body that is not a {@code SendBatch} of a known version is
 * poison and is dead-lettered at once with the reason; a database or broker outage before the
 * sends is waited out (the same claim token for every attempt), one after the sends is waited out
 * inside the handler. A remainder re-queued by an open circuit breaker more than
 * {@code breaker-requeues} times is dead-lettered as well (replay it once the Cloud API is healthy).
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);
    static final String CHANNEL = "batches";

    private final SendBatchHandler handler;
    private final SenderConfig config;
    private final Deliveries deliveries;

    public BatchConsumer(SendBatchHandler handler, SenderConfig config, Deliveries deliveries) {
        this.handler = handler;
        this.config = config;
        this.deliveries = deliveries;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        SendBatch batch;
        try {
            batch = WireJson.decode(AmqpBody.of(message), SendBatch.class, SendBatch.VERSION);
        } catch (WireFormatException poison) {
            LOG.warnf("dead-lettering a poison batch message: %s", poison.getMessage());
            return deliveries.deadLetter(message, Topology.BATCHES, poison);
        }
        int requeues = requeues(message);
        if (requeues > config.breakerRequeues()) {
            LOG.warnf("campaign %s batch %d: re-queued %d times while the Cloud API circuit breaker was open, "
                    + "dead-lettering the remainder", batch.campaignId(), batch.batchNumber(), requeues - 1);
            return deliveries.deadLetter(message, Topology.BATCHES,
                    new IllegalStateException("re-queued " + (requeues - 1) + " times while the Cloud API circuit breaker was open"));
        }
        UUID claimToken = UUID.randomUUID();
        return deliveries.settle(message, CHANNEL, "campaign " + batch.campaignId() + " batch " + batch.batchNumber(),
                () -> handler.handle(batch, requeues, claimToken));
    }

    private static int requeues(Message<?> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(metadata -> BatchRequeuer.requeues(metadata.getHeaders().get(BatchRequeuer.REQUEUES_HEADER)))
                .orElse(0);
    }
}
