package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes {@link OptOut}s to {@code sandesh.optouts}. The returned Uni completes when the broker
 * has confirmed the message (channel {@code optouts} has {@code publish-confirms=true}).
 */
@ApplicationScoped
public class OptOutPublisher {

    /** AMQP delivery mode 2: the broker writes the message to disk. */
    private static final int PERSISTENT = 2;

    private final MutinyEmitter<byte[]> emitter;

    OptOutPublisher(@Channel("optouts") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(OptOut optOut) {
        return Uni.createFrom().deferred(() -> {
            OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                    .withContentType("application/json")
                    .withHeader(Topology.TYPE_HEADER, optOut.type())
                    .withDeliveryMode(PERSISTENT)
                    .withRoutingKey("optout." + optOut.action().name().toLowerCase(java.util.Locale.ROOT))
                    .build();
            return emitter.sendMessage(Message.of(WireJson.encode(optOut), Metadata.of(metadata)));
        });
    }
}
