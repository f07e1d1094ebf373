package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes {@link OptOut}s to {@code sandesh.optouts}. The returned Uni completes when the broker
 * has confirmed the message (channel {@code optouts} has {@code publish-confirms=true}).
 */
@ApplicationScoped
public class OptOutPublisher {

    private final MutinyEmitter<byte[]> emitter;

    OptOutPublisher(@Channel("optouts") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(OptOut optOut) {
        return Uni.createFrom().deferred(() -> {
            OutgoingRabbitMQMetadata metadata = WireMessages.metadata(optOut)
                    .withRoutingKey("optout." + optOut.action().name().toLowerCase(java.util.Locale.ROOT))
                    .build();
            return emitter.sendMessage(WireMessages.message(optOut, metadata));
        });
    }
}
