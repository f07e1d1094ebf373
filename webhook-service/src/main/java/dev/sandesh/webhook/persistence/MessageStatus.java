package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.DeliveryStatus;
import dev.sandesh.webhook.domain.MessageState;
import dev.sandesh.webhook.domain.Pricing;
import dev.sandesh.webhook.domain.StatusError;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code message_status}: one message, keyed by its wamid. Written only by
 * {@link MessageStatusWriter}'s upsert (the lattice merge runs in the database, under the row
 * lock); read as an entity where a whole message is wanted.
 */
@Entity
@Table(name = "message_status")
public class MessageStatus extends PanacheEntityBase {

    @Id
    public String wamid;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "recipient_seq")
    public Long recipientSeq;

    public String country;

    /** The wire name: accepted, sent, delivered, read, failed. */
    public String status;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "failed_at")
    public Instant failedAt;

    @Column(name = "error_code")
    public Integer errorCode;

    @Column(name = "error_title")
    public String errorTitle;

    @Column(name = "pricing_category")
    public String pricingCategory;

    @Column(name = "pricing_type")
    public String pricingType;

    @Column(name = "pricing_model")
    public String pricingModel;

    public Boolean billable;

    @Column(name = "recipient_id")
    public String recipientId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The row as the lattice sees it. */
    public MessageState state() {
        StatusError error = errorCode == null && errorTitle == null ? null : new StatusError(errorCode, errorTitle);
        Pricing pricing = new Pricing(billable, pricingModel, pricingType, pricingCategory);
        return new MessageState(DeliveryStatus.fromWireName(status), acceptedAt, sentAt, deliveredAt, readAt, failedAt,
                error, pricing.isEmpty() ? null : pricing, recipientId);
    }
}
