package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Sends the unsent remainder of a batch back to {@code sandesh.batches} (channel {@code requeue},
 * publisher confirms) when the Cloud API's circuit breaker kept it back, with the number of
 * re-queues so far in the {@value #REQUEUES_HEADER} header and, as a CloudEvents extension, in
 * {@value #REQUEUES_EXTENSION_HEADER} (the message is a binary-mode CloudEvent, {@code WireMessages}),
 * which Knative's RabbitmqSource forwards; both as text, the form a CloudEvents attribute takes. The consumer rejects a batch re-queued more than {@code sandesh.sender.breaker-requeues}
 * times to the DLQ.
 */
@ApplicationScoped
public class BatchRequeuer {

    /** Lower-case alphanumeric, so that it survives as a CloudEvent extension attribute. */
    public static final String REQUEUES_HEADER = "sandeshrequeues";
    /**
     * The same count as the extension attribute in binary mode ({@code ce-} prefix, RabbitMQ
     * binding): the name Knative's RabbitmqSource forwards it under, as an HTTP header of that name.
     */
    public static final String REQUEUES_EXTENSION_HEADER = "ce-" + REQUEUES_HEADER;


    private final MutinyEmitter<byte[]> emitter;

    public BatchRequeuer(@Channel("requeue") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> requeue(SendBatch remainder, int requeues) {
        return Uni.createFrom().deferred(() -> {
            OutgoingRabbitMQMetadata metadata = WireMessages.metadata(remainder)
                    .withHeader(REQUEUES_HEADER, String.valueOf(requeues))
                    .withHeader(REQUEUES_EXTENSION_HEADER, String.valueOf(requeues))
                    .withRoutingKey("campaign." + remainder.campaignId())
                    .build();
            return emitter.sendMessage(WireMessages.message(remainder, metadata));
        });
    }

    /** Reads the header's value as sent (an int, or its text through a CloudEvent); absent means 0. */
    public static int requeues(Object header) {
        if (header == null) {
            return 0;
        }
        try {
            return Integer.parseInt(header.toString().trim());
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }
}
