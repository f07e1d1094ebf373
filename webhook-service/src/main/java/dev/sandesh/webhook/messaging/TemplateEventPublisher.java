package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.WireMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.Locale;

/**
 * Publishes {@link TemplateEvent}s to {@code sandesh.templates}, routing key
 * {@code template.<kind>} ({@code template.status} …). The returned Uni completes when the broker
 * has confirmed the message (channel {@code templates} has {@code publish-confirms=true}).
 */
@ApplicationScoped
public class TemplateEventPublisher {

    private final MutinyEmitter<byte[]> emitter;

    TemplateEventPublisher(@Channel("templates") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(TemplateEvent event) {
        return Uni.createFrom().deferred(() -> emitter.sendMessage(WireMessages.message(event,
                WireMessages.metadata(event).withRoutingKey("template." + event.kind().name().toLowerCase(Locale.ROOT)).build())));
    }
}
