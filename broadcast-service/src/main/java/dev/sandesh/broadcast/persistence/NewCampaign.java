package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.MessagingLimit;
import dev.sandesh.contracts.TemplateRef;

import java.time.Instant;
import java.util.UUID;

/**
 * What a campaign is created with: DRAFT (to be started now, or later when {@code startRequested}
 * is false) or SCHEDULED for {@code scheduledAt}.
 *
 * @param retryOf the campaign whose failed recipients this one retries, or null
 */
public record NewCampaign(
        UUID id,
        String name,
        TemplateRef template,
        String phoneNumberId,
        String idempotencyKey,
        String requestFingerprint,
        int batchSize,
        Instant createdAt,
        CampaignState state,
        boolean startRequested,
        Instant scheduledAt,
        MessagingLimit.OverLimit overLimit,
        UUID retryOf) {
}
