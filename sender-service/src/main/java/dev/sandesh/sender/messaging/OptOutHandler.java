package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.sender.config.SenderConfig;
import dev.sandesh.sender.persistence.OptOutStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores one {@link OptOut} of {@code sender.optouts}, whichever adapter received it (AMQP
 * {@link OptOutConsumer} or the CloudEvents endpoint), with bounded retries; the batches checked
 * after it see it.
 */
@ApplicationScoped
public class OptOutHandler {

    private final OptOutStore store;
    private final SenderConfig config;

    public OptOutHandler(OptOutStore store, SenderConfig config) {
        this.store = store;
        this.config = config;
    }

    public Uni<Void> apply(OptOut event) {
        return Uni.createFrom().deferred(() -> store.apply(event))
                .onFailure().retry().withBackOff(config.stepBackoff(), config.stepBackoff().multipliedBy(16))
                .atMost(config.stepRetries());
    }
}
