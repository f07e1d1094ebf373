package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.List;

/**
 * Publishes the opt-outs that 131050 answers imply ("this user has stopped marketing messages") to
 * {@code sandesh.optouts}, source {@code ERROR_131050}; broadcast-service drops the number from later
 * campaigns. Completes when the broker confirmed every one (channel {@code optouts}, publisher confirms).
 */
@ApplicationScoped
public class OptOutPublisher {


    private final MutinyEmitter<byte[]> emitter;

    public OptOutPublisher(@Channel("optouts") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(List<OptOut> optOuts) {
        if (optOuts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(optOuts)
                .onItem().transformToUniAndMerge(this::publish)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> publish(OptOut optOut) {
        return Uni.createFrom().deferred(() -> {
            OutgoingRabbitMQMetadata metadata = WireMessages.metadata(optOut)
                    .withRoutingKey("optout.error")
                    .build();
            return emitter.sendMessage(WireMessages.message(optOut, metadata));
        });
    }
}
