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
 * @param retryForced a retry child made although the parent has one (at most one is not forced: V10)
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
        UUID retryOf,
        boolean retryForced) {

    /** Not a forced retry child (retry-failed?force=true makes one). */
    public NewCampaign(UUID id, String name, TemplateRef template, String phoneNumberId, String idempotencyKey, String requestFingerprint,
                       int batchSize, Instant createdAt, CampaignState state, boolean startRequested, Instant scheduledAt,
                       MessagingLimit.OverLimit overLimit, UUID retryOf) {
        this(id, name, template, phoneNumberId, idempotencyKey, requestFingerprint, batchSize, createdAt, state, startRequested, scheduledAt,
                overLimit, retryOf, false);
    }
}
