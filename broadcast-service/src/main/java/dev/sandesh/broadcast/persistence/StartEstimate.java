package dev.sandesh.broadcast.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * {@code broadcast.campaign_estimate}: the estimate a campaign had when it started, kept beside
 * what it really cost (the Grafana panel "Estimate vs actual"). Written only by
 * {@link CampaignRepository#start}, inside the transaction of the move to RUNNING.
 *
 * @param metaCost in {@code currency}, to the paisa, of the priced recipients
 */
public record StartEstimate(Instant at, LocalDate priceDate, double failureShare, String failureShareFrom, long recipients,
                            long expectedDelivered, long expectedFailed, BigDecimal metaCost, long unpricedRecipients, String currency) {

    /** Inserts the row in the current Hibernate Reactive transaction; a campaign keeps its first estimate. */
    Uni<Void> insert(UUID campaignId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                INSERT INTO broadcast.campaign_estimate (campaign_id, estimated_at, price_date, failure_share, failure_share_from,
                                    recipients, expected_delivered, expected_failed, meta_cost, unpriced_recipients, currency)
                                VALUES (:campaign, :at, :day, :share, :shareFrom, :recipients, :delivered, :failed, :cost, :unpriced, :currency)
                                ON CONFLICT (campaign_id) DO NOTHING""")
                        .setParameter("campaign", campaignId)
                        .setParameter("at", at.atOffset(ZoneOffset.UTC))
                        .setParameter("day", priceDate)
                        .setParameter("share", BigDecimal.valueOf(failureShare))
                        .setParameter("shareFrom", failureShareFrom)
                        .setParameter("recipients", recipients)
                        .setParameter("delivered", expectedDelivered)
                        .setParameter("failed", expectedFailed)
                        .setParameter("cost", metaCost)
                        .setParameter("unpriced", unpricedRecipients)
                        .setParameter("currency", currency)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
