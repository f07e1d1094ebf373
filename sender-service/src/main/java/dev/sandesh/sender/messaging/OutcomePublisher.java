package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes batch outcomes to {@code sandesh.outcomes}. The returned Uni completes when the broker
 * has confirmed the message (channel {@code outcomes} has {@code publish-confirms=true}).
 */
@ApplicationScoped
public class OutcomePublisher {

    /** AMQP delivery mode 2: the broker writes the message to disk. */

    private final MutinyEmitter<byte[]> emitter;

    public OutcomePublisher(@Channel("outcomes") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(BatchOutcome outcome) {
        return Uni.createFrom().deferred(() -> {
            OutgoingRabbitMQMetadata metadata = WireMessages.metadata(outcome)
                    .withRoutingKey("outcome." + outcome.campaignId())
                    .withMessageId(outcome.campaignId() + "/" + outcome.batchNumber())
                    .build();
            return emitter.sendMessage(WireMessages.message(outcome, metadata));
        });
    }
}
