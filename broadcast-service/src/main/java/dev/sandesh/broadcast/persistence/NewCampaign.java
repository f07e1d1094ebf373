package dev.sandesh.broadcast.persistence;

import dev.sandesh.contracts.TemplateRef;

import java.time.Instant;
import java.util.UUID;

/** What a campaign is created with; it starts as DRAFT. */
public record NewCampaign(
        UUID id,
        String name,
        TemplateRef template,
        String phoneNumberId,
        String idempotencyKey,
        String requestFingerprint,
        int batchSize,
        Instant createdAt) {
}
