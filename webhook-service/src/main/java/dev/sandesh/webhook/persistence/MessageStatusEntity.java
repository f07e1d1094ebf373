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

/** A row of {@code webhook.message_status}: one message, keyed by its wamid. */
@Entity
@Table(name = "message_status")
public class MessageStatusEntity extends PanacheEntityBase {

    @Id
    public String wamid;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "recipient_seq")
    public Long recipientSeq;

    public String country;

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

    public MessageState state() {
        StatusError error = errorCode == null && errorTitle == null ? null : new StatusError(errorCode, errorTitle);
        Pricing pricing = new Pricing(billable, pricingModel, pricingType, pricingCategory);
        return new MessageState(DeliveryStatus.fromWireName(status), acceptedAt, sentAt, deliveredAt, readAt, failedAt,
                error, pricing.isEmpty() ? null : pricing, recipientId);
    }

    public void setState(MessageState state) {
        status = state.status().wireName();
        acceptedAt = state.acceptedAt();
        sentAt = state.sentAt();
        deliveredAt = state.deliveredAt();
        readAt = state.readAt();
        failedAt = state.failedAt();
        errorCode = state.error() == null ? null : state.error().code();
        errorTitle = state.error() == null ? null : state.error().title();
        Pricing pricing = state.pricing();
        billable = pricing == null ? null : pricing.billable();
        pricingModel = pricing == null ? null : pricing.pricingModel();
        pricingType = pricing == null ? null : pricing.type();
        pricingCategory = pricing == null ? null : pricing.category();
        recipientId = state.recipientId();
    }
}
