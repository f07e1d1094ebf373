package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.support.messaging.Deliveries;
import io.smallrye.mutiny.Uni;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.contracts.BatchOutcome;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import org.eclipse.microprofile.reactive.messaging.Metadata;
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
 *
 * <p>Shutting down ({@link SenderDrain}): a delivery that arrives is held, neither acked nor
 * nacked (the broker requeues it when the connection closes; a nack would have it redelivered to
 * this consumer at once, over and over); a batch in hand that the drain cut short
 * ({@link SenderDrainedException}) is nacked with requeue once its results are recorded, for another
 * consumer (or this service's next start) to finish. Neither is ever dead-lettered.
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);
    static final String CHANNEL = "batches";

    private final SendBatchHandler handler;
    private final SenderConfig config;
    private final Deliveries deliveries;
    private final SenderDrain drain;

    public BatchConsumer(SendBatchHandler handler, SenderConfig config, Deliveries deliveries, SenderDrain drain) {
        this.handler = handler;
        this.config = config;
        this.deliveries = deliveries;
        this.drain = drain;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        if (drain.started()) {
            return held();
        }
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
        SenderDrain.Work work = drain.takeUp();
        return deliveries.settle(message, CHANNEL, "campaign " + batch.campaignId() + " batch " + batch.batchNumber(),
                        () -> handler.handle(batch, requeues, claimToken)
                                .onFailure(SenderDrainedException.class).recoverWithUni(drained -> handBack(message, (SenderDrainedException) drained, work)))
                .onTermination().invoke(work::done);
    }

    /**
     * Nacks the delivery with requeue and never completes: {@link Deliveries#settle} must not ack it
     * after the nack (a second settlement of one delivery tag closes the channel).
     */
    private Uni<BatchOutcome> handBack(Message<byte[]> message, SenderDrainedException drained, SenderDrain.Work work) {
        return Uni.createFrom().completionStage(() -> message.nack(drained, Metadata.of(new RabbitMQRejectMetadata(true))))
                .onFailure().invoke(failure -> LOG.warnf("could not hand a batch back (%s): the broker requeues it when the "
                        + "connection closes", failure.toString()))
                .onItemOrFailure().invoke((ignored, failure) -> work.done())
                .onItemOrFailure().transformToUni((ignored, failure) -> BatchConsumer.<BatchOutcome>held());
    }

    /** Neither acked nor nacked: the broker requeues it when this process' connection closes. */
    private static <T> Uni<T> held() {
        return Uni.createFrom().nothing();
    }

    private static int requeues(Message<?> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(metadata -> BatchRequeuer.requeues(metadata.getHeaders().get(BatchRequeuer.REQUEUES_HEADER)))
                .orElse(0);
    }
}
