package dev.sandesh.webhook.messaging;

import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.persistence.TemplateEventOutbox;
import dev.sandesh.webhook.persistence.TemplateEventsRecorded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.InstantSource;

/**
 * Takes template events from the {@code template_event} outbox to {@code sandesh.templates}
 * ({@link OutboxRelay}): at once after each commit — broadcast-service pauses campaigns on a
 * PAUSED template within seconds — and every {@code opt-out.relay-interval} whatever is unconfirmed.
 */
@ApplicationScoped
public class TemplateEventRelay {

    private final OutboxRelay<TemplateEventOutbox.Recorded> relay;

    TemplateEventRelay(TemplateEventOutbox outbox, TemplateEventPublisher publisher, WebhookConfig config, InstantSource clock,
                       Vertx vertx) {
        this.relay = new OutboxRelay<>("template event", outbox, recorded -> publisher.publish(recorded.event()),
                config.optOut().relayInterval(), clock, vertx);
    }

    void onStart(@Observes StartupEvent start) {
        relay.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        relay.stop();
    }

    void onRecorded(@Observes TemplateEventsRecorded recorded) {
        relay.committed(recorded.events());
    }

    /** Publishes what is still unconfirmed. @return how many were published */
    public Uni<Integer> sweep() {
        return relay.sweep();
    }
}
