package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sandesh.broadcast.domain.CampaignEvent;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.RejectionReason;
import dev.sandesh.contracts.TemplateRef;

import java.math.BigDecimal;
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
            List<Rejection> rejections,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) UUID retryOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) Publishing publishing) {
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
            ProgressCounts counts,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) UUID retryOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) String stateReason,
            CostLink cost,
            Throughput throughput,
            List<HistoryEntry> history,
            @JsonInclude(JsonInclude.Include.NON_NULL) Publishing publishing) {
    }

    /**
     * How far publishing its batches has come (from the start on; null before): {@code published}
     * of {@code batches} confirmed by the broker. A start answers once the campaign is RUNNING and
     * publishes in the background, so a RUNNING campaign with published &lt; batches is being
     * published, or its publishing was interrupted and the scheduler tick resumes it; for a spread
     * campaign the later windows' batches are published when their window is due. {@code batches}
     * is planned from the valid recipients at the start; a number that opted out since is left out
     * when its batch is cut, so a campaign may end with published a little below it.
     */
    public record Publishing(int published, int batches) {
    }

    /** One transition of the campaign, oldest first: what happened, when, and why (a halt's error, Meta's template pause, the settle count). */
    public record HistoryEntry(Instant at, CampaignEvent event, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    /**
     * Where the campaign's cost is: {@code GET /v1/campaigns/{id}/cost}, each billable message priced
     * once from Meta's status pricing by webhook-service's cost views (no proration here).
     */
    public record CostLink(String href) {
    }

    /**
     * @param messagesPerSecond outcomes per second between the first and the last event webhook-service saw
     * @param etaSeconds        queued ÷ that rate; null when unknown (no rate yet, or nothing queued)
     */
    public record Throughput(double messagesPerSecond, @JsonInclude(JsonInclude.Include.NON_NULL) Long etaSeconds,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant eta) {
    }

    /** One campaign in a list. */
    public record Summary(UUID id, String name, TemplateRef template, String phoneNumberId, CampaignState state, Instant createdAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant startedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAt,
                          long recipients, long valid, long rejected) {
    }

    /** A page of campaigns, newest first; pass {@code next} as {@code after} to read on (null at the end). */
    public record SummaryPage(List<Summary> campaigns, String next) {
    }

    /**
     * {@code GET /v1/campaigns/{id}/estimate}: the cost expected for the valid recipients less the
     * expected failure share ({@code failureShareFrom}: the request, the number's last finished
     * campaign, or none), in {@code currency}, with the same provider table {@code /cost} shows after.
     */
    public record Estimate(UUID id, String category, java.time.LocalDate priceDate, String currency, long recipients,
                           double failureShare, String failureShareFrom, long expectedDelivered, long expectedFailed,
                           BigDecimal metaCost, List<EstimateLine> byCountry, long unpricedRecipients,
                           List<dev.sandesh.contracts.pricing.CostComparison.ProviderCost> providers, Limit messagingLimit) {
    }

    /** @param metaCost in the reporting currency; null when unpriced (no card row or no FX rate) */
    public record EstimateLine(String country, long recipients, long expectedDelivered, BigDecimal unitPrice, String rateCurrency,
                               BigDecimal metaCost, java.time.LocalDate rateEffectiveFrom, String source) {
    }

    /**
     * @param tier       unique users per moving 24 h, or "unlimited"
     * @param usedLast24h unique users this number reached in the last 24 h
     * @param remaining  what is left (null when unlimited)
     * @param fitsNow    whether the campaign can start now without spreading
     * @param windows    24 h windows needed when spread (1 when it fits)
     */
    public record Limit(String tier, long usedLast24h, Long remaining, boolean fitsNow, int windows) {
    }

    /** {@code POST /v1/campaigns/{id}/recipients}: what this upload added, and the campaign's counts now. */
    public record Uploaded(UUID id, long firstIndex, long received, long valid, Rejected rejected, AudienceCounts counts,
                           List<Rejection> rejections, Long rejectionsNext) {
    }

    /** One recipient's outcome, joined from webhook-service (state, error) and this service (number, caller's id). */
    public record RecipientOutcome(long index, String phone, String country, String externalId, String state,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) String wamid,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Integer errorCode,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) String errorTitle,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Instant updatedAt,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Reply reply) {
    }

    /**
     * The recipient's last reply to the campaign's message (webhook-service ties it by {@code context.id}).
     *
     * @param kind    TEXT, BUTTON (a template's quick reply), BUTTON_REPLY or LIST_REPLY (interactive)
     * @param text    the text, or the button's label / the choice's title
     * @param payload the button's payload / the choice's id; absent for a text
     */
    public record Reply(String kind, @JsonInclude(JsonInclude.Include.NON_NULL) String text,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String payload, Instant at) {
    }

    /** A page of outcomes in index order; pass {@code next} as {@code after} to read on (null at the end). */
    public record OutcomePage(List<RecipientOutcome> outcomes, Long next) {
    }

    /** {@code POST /v1/campaigns/{id}/retry-failed}: the child campaign, or why none was made. */
    /** @param existing the parent's retry child made before (answered 200), not a new one (201) */
    public record RetryResult(UUID retryOf, long considered, long retried, Map<String, Long> skippedByReason, Created campaign,
                              @com.fasterxml.jackson.annotation.JsonIgnore boolean existing) {

        public RetryResult(UUID retryOf, long considered, long retried, Map<String, Long> skippedByReason, Created campaign) {
            this(retryOf, considered, retried, skippedByReason, campaign, false);
        }
    }

    public record OptOutEntry(String phone, String source, Instant optedOutAt) {
    }

    public record OptOutPage(List<OptOutEntry> optOuts, String next) {
    }

    /**
     * {@code POST /internal/v1/scheduler/tick}.
     *
     * @param started         SCHEDULED campaigns it started (their batches published in the background)
     * @param windowsReleased due windows whose publishing it took up (started campaigns' first windows not
     *                        counted): a spread campaign's next window, or a start whose publishing was
     *                        interrupted, resumed from the publish ledger in the background
     * @param completed RUNNING campaigns found complete from webhook-service's stats
     * @param halted    RUNNING campaigns found halted
     * @param failed    campaigns the tick could not start, release or check (left for the next tick)
     */
    public record Tick(int started, int windowsReleased, int completed, int halted, int failed) {
    }

    public record AudienceCounts(long recipients, long valid, Rejected rejected) {
    }

    public record Rejected(long total, Map<RejectionReason, Long> byReason) {
    }

    /**
     * @param queued valid recipients with no outcome yet
     * @param stale  true when webhook-service could not be asked: the message counts are zeros, not facts
     * @param settledWithoutReport of accepted, sent and unknown, those with no news for
     *               {@code sandesh.broadcast.settle-after}: settled without a delivery report (read
     *               receipts off, a blocked business, an UNKNOWN send; a later status still counts)
     * @param replied recipients who replied to the campaign's message (text or button)
     * @param held    "held by Meta": accepted with {@code message_status: held_for_quality_assessment}, no status yet
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
            boolean stale,
            long settledWithoutReport,
            long replied,
            long held) {
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
