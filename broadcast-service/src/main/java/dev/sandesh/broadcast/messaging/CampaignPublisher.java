package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.domain.BatchPlanner;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.MessagingLimit;
import dev.sandesh.broadcast.domain.OverMessagingLimit;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.broadcast.persistence.CampaignWindow;
import dev.sandesh.broadcast.persistence.CampaignWindowStore;
import dev.sandesh.broadcast.persistence.StartEstimate;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/**
 * Starts campaigns and releases their recipients as batches.
 *
 * <p>Starting plans the campaign's release windows against its number's messaging limit (one
 * window when it fits; 24 h slices when it is spread; a refusal otherwise), publishes the windows
 * that are due and, once the broker has confirmed every batch, marks the campaign RUNNING. If a
 * batch is not confirmed the campaign stays where it was and the failure is returned: publishing
 * again later is safe, because a released window's range and batch numbers are stored, so the
 * same batches are published again and sender-service's ledger skips recipients already claimed.
 * The cutting and numbering of batches, within a window and across windows, is
 * {@link BatchPlanner}'s; this class feeds it pages from the database and publishes what it cuts.
 */
@ApplicationScoped
public class CampaignPublisher {

    private static final Logger LOG = Logger.getLogger(CampaignPublisher.class);

    /** Batches awaiting their broker confirm at once. */
    private static final int IN_FLIGHT = 16;

    /** Recipients read from the database per query while publishing. */
    private static final int PAGE = 5_000;

    private final CampaignStore store;
    private final CampaignWindowStore windows;
    private final CampaignRepository campaigns;
    private final BatchPublisher publisher;
    private final BroadcastConfig config;
    private final InstantSource clock;

    public CampaignPublisher(CampaignStore store, CampaignWindowStore windows, CampaignRepository campaigns, BatchPublisher publisher,
                             BroadcastConfig config, InstantSource clock) {
        this.store = store;
        this.windows = windows;
        this.campaigns = campaigns;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The release plan of {@code valid} recipients on {@code phoneNumberId} starting at {@code start};
     * fails with {@link OverMessagingLimit} when they do not fit and {@code mode} is REFUSE.
     */
    public Uni<List<MessagingLimit.Window>> plan(String phoneNumberId, long valid, MessagingLimit.OverLimit mode, Instant start) {
        MessagingLimit limit = MessagingLimit.parse(config.tierOf(phoneNumberId));
        if (limit.unlimited() || valid == 0) {
            return Uni.createFrom().item(List.of(new MessagingLimit.Window(0, start, valid)));
        }
        return windows.used(phoneNumberId, clock.instant().minus(MessagingLimit.WINDOW))
                .map(used -> switch (limit.plan(valid, used, mode, start)) {
                    case MessagingLimit.Windows planned -> planned.windows();
                    case MessagingLimit.Refused refused -> throw new OverMessagingLimit(refused);
                });
    }

    /**
     * @return the campaign's state afterwards (RUNNING, or COMPLETED when it had nobody to send to);
     * fails with {@link PublishFailed} when the batches could not all be confirmed, with
     * {@link OverMessagingLimit} when it does not fit the messaging limit
     * @param estimate what it is expected to cost (api.CampaignEstimates#atStart), stored with the move to RUNNING
     */
    public Uni<CampaignState> start(CampaignEntity campaign, StartEstimate estimate) {
        CampaignState from = campaign.state;
        from.moveTo(CampaignState.RUNNING);
        Instant now = clock.instant();
        return windows.windows(campaign.id)
                .chain(existing -> existing.isEmpty()
                        ? plan(campaign.phoneNumberId, campaign.valid, campaign.overLimitMode(), now).chain(plan -> windows.plan(campaign.id, plan))
                        : Uni.createFrom().voidItem())
                .chain(() -> releaseDue(campaign, now))
                .chain(() -> campaigns.start(campaign.id, from, clock.instant(), estimate))
                .chain(() -> campaign.valid == 0
                        ? campaigns.move(campaign.id, CampaignState.RUNNING, CampaignState.COMPLETED, clock.instant())
                        .replaceWith(CampaignState.COMPLETED)
                        : Uni.createFrom().item(CampaignState.RUNNING));
    }

    /** Publishes every window of the campaign that is due and not yet released, in order. @return windows released */
    public Uni<Integer> releaseDue(CampaignEntity campaign, Instant now) {
        return windows.windows(campaign.id).chain(list -> {
            CampaignWindow previous = null;
            for (CampaignWindow window : list) {
                if (!window.released()) {
                    if (window.releaseAt().isAfter(now)) {
                        return Uni.createFrom().item(0);
                    }
                    return release(campaign, window, previous, now)
                            .chain(() -> releaseDue(campaign, now)).map(more -> more + 1);
                }
                previous = window;
            }
            return Uni.createFrom().item(0);
        });
    }

    /** Publishes every released window's batches again, byte for byte (resume). */
    public Uni<Void> republishReleased(CampaignEntity campaign) {
        return windows.windows(campaign.id).chain(list -> Multi.createFrom().iterable(list)
                .filter(CampaignWindow::released)
                .onItem().transformToUniAndConcatenate(w -> publish(campaign, new BatchPlanner.Cursor(w.afterSequence(), w.firstBatch()),
                        w.lastSequence(), w.recipients()).replaceWithVoid())
                .collect().last().replaceWithVoid());
    }

    private Uni<Void> release(CampaignEntity campaign, CampaignWindow window, CampaignWindow previous, Instant now) {
        BatchPlanner.Cursor from = previous == null
                ? BatchPlanner.Cursor.START
                : BatchPlanner.Cursor.after(previous.lastSequence(), previous.firstBatch(), previous.batches());
        return publish(campaign, from, Long.MAX_VALUE, window.recipients())
                .chain(cut -> windows.markReleased(campaign.id, window.number(), from.afterSequence(), cut.end().afterSequence(),
                                from.nextBatch(), cut.batches(), now)
                        .invoke(() -> LOG.infof("campaign %s: window %d released, %d batches of up to %d confirmed by the broker",
                                campaign.id, window.number(), cut.batches(), campaign.batchSize)));
    }

    /**
     * Cuts the valid recipients after {@code from} (up to {@code lastSequence}, at most {@code max})
     * into batches as their keyset pages arrive and publishes them, {@value #IN_FLIGHT} awaiting
     * their confirm at once. @return the finished cut (where it ended, how many batches)
     */
    private Uni<BatchPlanner.Cut> publish(CampaignEntity campaign, BatchPlanner.Cursor from, long lastSequence, long max) {
        BatchPlanner.Cut cut = new BatchPlanner(campaign.batchSize).cut(campaign.id, campaign.phoneNumberId, campaign.template(), from);
        return store.validRecipientPages(campaign.id, from.afterSequence(), lastSequence, max, PAGE)
                // checked again at release: a number opted out after the campaign was created or scheduled is not published
                .onItem().transformToUniAndConcatenate(page -> store.withoutOptedOut(campaign.id, campaign.phoneNumberId,
                        campaign.templateCategory, page))
                .onItem().transformToIterable(cut::add)
                .onCompletion().switchTo(() -> Multi.createFrom().iterable(cut.finish()))
                .onItem().transformToUni(publisher::publish).merge(IN_FLIGHT)
                .onItem().ignoreAsUni()
                .ifNoItem().after(config.publishTimeout()).fail()
                .onFailure().transform(e -> new PublishFailed(campaign.id, e))
                .replaceWith(cut);
    }

    /** The broker did not confirm every batch of a campaign; its state is unchanged. */
    public static class PublishFailed extends RuntimeException {

        public PublishFailed(UUID campaignId, Throwable cause) {
            super("the batches of campaign " + campaignId + " could not all be published: " + cause.getMessage(), cause);
        }
    }
}
