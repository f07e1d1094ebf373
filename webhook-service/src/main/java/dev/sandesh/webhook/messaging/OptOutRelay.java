package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.persistence.OptOutOutbox;
import dev.sandesh.webhook.persistence.OptOutsRecorded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.InstantSource;

/**
 * Takes opt-outs from the {@code opt_out} outbox to {@code sandesh.optouts} ({@link OutboxRelay}):
 * at once after each commit, and every {@code opt-out.relay-interval} whatever is unconfirmed.
 */
@ApplicationScoped
public class OptOutRelay {

    private final OutboxRelay<OptOut> relay;

    OptOutRelay(OptOutOutbox outbox, OptOutPublisher publisher, WebhookConfig config, InstantSource clock, Vertx vertx) {
        this.relay = new OutboxRelay<>("opt-out", outbox, publisher::publish, config.optOut().relayInterval(), clock, vertx);
    }

    void onStart(@Observes StartupEvent start) {
        relay.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        relay.stop();
    }

    void onRecorded(@Observes OptOutsRecorded recorded) {
        relay.committed(recorded.optOuts());
    }

    /** Publishes what is still unconfirmed. @return how many were published */
    public Uni<Integer> sweep() {
        return relay.sweep();
    }
}
