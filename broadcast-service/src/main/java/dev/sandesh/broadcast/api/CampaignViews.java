package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.contracts.TemplateRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the campaign API answers. */
public final class CampaignViews {

    private CampaignViews() {
    }

    /** {@code POST /v1/campaigns}: the campaign, its audience counts, and every rejected recipient. */
    public record Created(
            UUID id,
            String name,
            TemplateRef template,
            String phoneNumberId,
            CampaignState state,
            Instant createdAt,
            Instant startedAt,
            AudienceCounts counts,
            int batches,
            List<Rejection> rejections) {
    }

    /** {@code GET /v1/campaigns/{id}}: the campaign and its progress. */
    public record Progress(
            UUID id,
            String name,
            TemplateRef template,
            String phoneNumberId,
            CampaignState state,
            Instant createdAt,
            Instant startedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAt,
            ProgressCounts counts) {
    }

    public record AudienceCounts(long recipients, long valid, Rejected rejected) {
    }

    public record Rejected(long total, Map<RejectionReason, Long> byReason) {
    }

    /**
     * @param queued valid recipients with no outcome yet
     * @param stale  true when webhook-service could not be asked: the message counts are zeros, not facts
     */
    public record ProgressCounts(
            long recipients,
            long valid,
            Rejected rejected,
            long queued,
            long accepted,
            long sent,
            long delivered,
            long read,
            long failed,
            long unknown,
            long halted,
            boolean stale) {
    }

    /**
     * @param index      the recipient's 0-based position in the request
     * @param phone      the number as it was sent
     * @param externalId the caller's id for the person, if given
     */
    public record Rejection(long index, String phone, String externalId, RejectionReason reason, String detail) {
    }

    /** A page of rejections; pass {@code next} as {@code after} to read on (null at the end). */
    public record RejectionPage(List<Rejection> rejections, Long next) {
    }
}
