package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.client.CampaignCostGateway;
import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.CostCalculator;
import dev.sandesh.broadcast.domain.MessagingLimit;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.broadcast.persistence.CampaignWindowStore;
import dev.sandesh.broadcast.persistence.StartEstimate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a campaign will cost before it is sent: {@code GET /v1/campaigns/{id}/estimate}, and the same
 * computation at the moment it starts ({@link #atStart}), which the start stores beside the campaign
 * so the dashboard can set it against what it really cost.
 */
@ApplicationScoped
public class CampaignEstimates {

    private final CampaignStore store;
    private final CampaignWindowStore windows;
    private final CampaignRepository campaigns;
    private final CostCalculator costs;
    private final CampaignCostGateway costGateway;
    private final BroadcastConfig config;
    private final InstantSource clock;

    public CampaignEstimates(CampaignStore store, CampaignWindowStore windows, CampaignRepository campaigns, CostCalculator costs,
                             CampaignCostGateway costGateway, BroadcastConfig config, InstantSource clock) {
        this.store = store;
        this.windows = windows;
        this.campaigns = campaigns;
        this.costs = costs;
        this.costGateway = costGateway;
        this.config = config;
        this.clock = clock;
    }

    /** The estimate with the number's recent failure history, as the API answers it without {@code failureShare}, to store at the start. */
    public Uni<StartEstimate> atStart(CampaignEntity c) {
        Instant at = clock.instant();
        return estimate(c, null).map(e -> new StartEstimate(at, e.priceDate(), e.failureShare(), e.failureShareFrom(), e.recipients(),
                e.expectedDelivered(), e.expectedFailed(), e.metaCost(), e.unpricedRecipients(), e.currency()));
    }

    /**
     * @param failureShare the expected share of failures, or null for the number's recent history: its last completed
     *                     campaign's failed ÷ attempted, from webhook-service's cost views (none: 0, Meta's upper bound)
     */
    public Uni<CampaignViews.Estimate> estimate(CampaignEntity c, Double failureShare) {
        if (failureShare != null && (failureShare.isNaN() || failureShare < 0 || failureShare > 1)) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("failureShare", "must be between 0 and 1")));
        }
        return failureHistory(c, failureShare).chain(share -> estimate(c, share.share(), share.from()));
    }

    private record FailureShare(double share, String from) {
    }

    private Uni<FailureShare> failureHistory(CampaignEntity c, Double requested) {
        if (requested != null) {
            return Uni.createFrom().item(new FailureShare(requested, "request"));
        }
        return campaigns.lastCompleted(c.phoneNumberId, c.id).chain(last -> last == null
                ? Uni.createFrom().item(new FailureShare(0, "none: no completed campaign on this number, every recipient counted delivered"))
                : costGateway.cost(last.id).map(reading -> switch (reading) {
                    case CampaignCostGateway.CostReading.Cost cost when cost.cost().attempted() > 0 -> new FailureShare(
                            (double) cost.cost().failed() / cost.cost().attempted(), "campaign " + last.id + " on this number");
                    case CampaignCostGateway.CostReading.Cost cost -> new FailureShare(0, "campaign " + last.id + " attempted nothing");
                    case CampaignCostGateway.CostReading.Unavailable u -> new FailureShare(0, "none: webhook-service did not answer");
                }));
    }

    private Uni<CampaignViews.Estimate> estimate(CampaignEntity c, double failureShare, String failureShareFrom) {
        Instant start = c.scheduledAt != null && c.scheduledAt.isAfter(clock.instant()) ? c.scheduledAt : clock.instant();
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        MessagingLimit limit = MessagingLimit.parse(config.tierOf(c.phoneNumberId));
        Uni<Long> used = limit.unlimited() ? Uni.createFrom().item(0L)
                : windows.used(c.phoneNumberId, clock.instant().minus(MessagingLimit.WINDOW), clock.instant());
        return store.validByCountry(c.id).chain(byCountry -> used.map(u -> {
            CostCalculator.Estimate estimate = costs.estimate(byCountry, c.category(), day, failureShare);
            long valid = byCountry.values().stream().mapToLong(Long::longValue).sum();
            boolean started = c.state != CampaignState.DRAFT && c.state != CampaignState.SCHEDULED;
            long remaining = limit.remaining(u);
            int windowsNeeded = started || valid == 0 || limit.unlimited() ? 1
                    : ((MessagingLimit.Windows) limit.plan(valid, u, MessagingLimit.OverLimit.SPREAD, start)).windows().size();
            return new CampaignViews.Estimate(c.id, c.templateCategory, day, estimate.currency(), valid, failureShare, failureShareFrom,
                    estimate.expectedDelivered(), estimate.expectedFailed(), estimate.metaCost(),
                    estimate.byCountry().stream().map(l -> new CampaignViews.EstimateLine(l.country(), l.recipients(), l.expectedDelivered(),
                            l.unitPrice(), l.rateCurrency(), l.metaCost(), l.rateEffectiveFrom(), l.source())).toList(),
                    estimate.unpricedRecipients(), estimate.providers(),
                    new CampaignViews.Limit(limit.unlimited() ? "unlimited" : String.valueOf(limit.tier().getAsLong()), u,
                            limit.unlimited() ? null : remaining, started || valid <= remaining, windowsNeeded));
        }));
    }

}
