package dev.sandesh.webhook.api;

import dev.sandesh.webhook.domain.DeliveryStatus;
import dev.sandesh.webhook.domain.StatusEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/**
 * Live counters for operations: statuses received by status ({@code other} for values we do not
 * track), forged or unsigned requests, signed bodies that could not be read, and webhooks answered
 * 503 because they could not be committed.
 */
@ApplicationScoped
public class WebhookMetrics {

    private final Map<DeliveryStatus, Counter> statuses = new EnumMap<>(DeliveryStatus.class);
    private final Counter otherStatuses;
    private final Counter badSignatures;
    private final Counter unreadableBodies;
    private final Counter notStored;

    WebhookMetrics(MeterRegistry registry) {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            statuses.put(status, statusCounter(registry, status.wireName()));
        }
        otherStatuses = statusCounter(registry, "other");
        badSignatures = Counter.builder("sandesh.webhook.signature.rejected")
                .description("Webhook POSTs refused for a missing or wrong X-Hub-Signature-256").register(registry);
        unreadableBodies = Counter.builder("sandesh.webhook.unreadable")
                .description("Signed webhook POSTs whose body could not be read (archived and acknowledged)").register(registry);
        notStored = Counter.builder("sandesh.webhook.not.stored")
                .description("Webhook POSTs answered 503 because they could not be committed (Meta retries them)").register(registry);
    }

    private static Counter statusCounter(MeterRegistry registry, String status) {
        return Counter.builder("sandesh.webhook.statuses")
                .description("Message statuses received in webhooks")
                .tag("status", status)
                .register(registry);
    }

    public void received(StatusEvent event) {
        statuses.get(event.status()).increment();
    }

    public void skipped() {
        otherStatuses.increment();
    }

    public void badSignature() {
        badSignatures.increment();
    }

    public void unreadable() {
        unreadableBodies.increment();
    }

    public void notStored() {
        notStored.increment();
    }
}
