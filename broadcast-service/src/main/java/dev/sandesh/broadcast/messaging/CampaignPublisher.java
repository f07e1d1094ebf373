package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.persistence.CampaignEntity;
import dev.sandesh.broadcast.persistence.CampaignRepository;
import dev.sandesh.broadcast.persistence.CampaignStore;
import dev.sandesh.contracts.SendBatch;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a committed DRAFT campaign: publishes its valid recipients as batches and, once the
 * broker has confirmed every one, marks it RUNNING. If any batch is not confirmed the campaign
 * stays DRAFT and the failure is returned: publishing again later is safe, because the same
 * recipients make the same batches and sender-service's ledger skips recipients already claimed.
 */
@ApplicationScoped
public class CampaignPublisher {

    private static final Logger LOG = Logger.getLogger(CampaignPublisher.class);

    /** Batches awaiting their broker confirm at once. */
    private static final int IN_FLIGHT = 16;

    /** Recipients read from the database per query while publishing. */
    private static final int PAGE = 5_000;

    private final CampaignStore store;
    private final CampaignRepository campaigns;
    private final BatchPublisher publisher;
    private final BroadcastConfig config;
    private final InstantSource clock;

    public CampaignPublisher(CampaignStore store, CampaignRepository campaigns, BatchPublisher publisher,
                             BroadcastConfig config, InstantSource clock) {
        this.store = store;
        this.campaigns = campaigns;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @return the campaign's state afterwards (RUNNING, or COMPLETED when it had nobody to send to);
     * fails with {@link PublishFailed} when the batches could not all be confirmed
     */
    public Uni<CampaignState> start(CampaignEntity campaign) {
        CampaignState.DRAFT.moveTo(CampaignState.RUNNING);
        AtomicInteger batchNumber = new AtomicInteger();
        return store.validRecipients(campaign.id, PAGE)
                .group().intoLists().of(campaign.batchSize)
                .map(slice -> new SendBatch(campaign.id, batchNumber.getAndIncrement(), campaign.phoneNumberId, campaign.template(), slice))
                .onItem().transformToUni(publisher::publish).merge(IN_FLIGHT)
                .onItem().ignoreAsUni()
                .ifNoItem().after(config.publishTimeout()).fail()
                .onFailure().transform(e -> new PublishFailed(campaign.id, e))
                .invoke(() -> LOG.infof("campaign %s: %d batches of up to %d confirmed by the broker",
                        campaign.id, batchNumber.get(), campaign.batchSize))
                .chain(() -> campaigns.move(campaign.id, CampaignState.DRAFT, CampaignState.RUNNING, clock.instant()))
                .chain(() -> campaign.valid == 0
                        ? campaigns.move(campaign.id, CampaignState.RUNNING, CampaignState.COMPLETED, clock.instant())
                        .replaceWith(CampaignState.COMPLETED)
                        : Uni.createFrom().item(CampaignState.RUNNING));
    }

    /** The broker did not confirm every batch of a campaign; it stays DRAFT. */
    public static class PublishFailed extends RuntimeException {

        public PublishFailed(java.util.UUID campaignId, Throwable cause) {
            super("the batches of campaign " + campaignId + " could not all be published: " + cause.getMessage(), cause);
        }
    }
}
