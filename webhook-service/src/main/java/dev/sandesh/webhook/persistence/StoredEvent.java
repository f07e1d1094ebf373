package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.StorefrontEnvelope;

import java.time.Instant;

/** A row of {@code storefront_event} as the dispatcher and the events API read it. */
public record StoredEvent(StorefrontEnvelope envelope, Instant recordedAt, int attempts) {

    public long seq() {
        return envelope.seq();
    }
}
