package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.CampaignState;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.contracts.WireJson;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code broadcast.campaign}; written first by {@link CampaignStore}, read and moved through its states here. */
@Entity
@Table(name = "campaign")
public class CampaignEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "template_name")
    public String templateName;

    @Column(name = "template_language")
    public String templateLanguage;

    @Column(name = "template_category")
    public String templateCategory;

    @Column(name = "phone_number_id")
    public String phoneNumberId;

    @Enumerated(EnumType.STRING)
    public CampaignState state;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_fingerprint")
    public String requestFingerprint;

    public int recipients;

    public int valid;

    public int rejected;

    @Column(name = "rejected_invalid")
    public int rejectedInvalid;

    @Column(name = "rejected_duplicate")
    public int rejectedDuplicate;

    @Column(name = "rejected_opted_out")
    public int rejectedOptedOut;

    @Column(name = "batch_size")
    public int batchSize;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "start_requested")
    public boolean startRequested;

    @Column(name = "scheduled_at")
    public Instant scheduledAt;

    @Column(name = "over_limit")
    public String overLimit;

    @Column(name = "retry_of")
    public UUID retryOf;

    /** A retry child made with force=true: not the one child per parent that retry-failed returns again. */
    @Column(name = "retry_forced")
    public boolean retryForced;

    /** Batches the broker confirmed so far (the publish ledger's count, messaging.CampaignPublisher). */
    @Column(name = "batches_published")
    public int batchesPublished;

    @Column(name = "rejected_parameters")
    public int rejectedParameters;

    @Column(name = "rejected_missing_variable", insertable = false, updatable = false)
    public int rejectedMissingVariable;

    @Column(name = "rejected_invalid_parameter", insertable = false, updatable = false)
    public int rejectedInvalidParameter;

    @Column(name = "state_reason")
    public String stateReason;

    /** When the scheduler tick last compared this campaign with webhook-service's stats; null when never. */
    @Column(name = "progress_checked_at")
    public Instant progressCheckedAt;

    public dev.sandesh.broadcast.domain.MessagingLimit.OverLimit overLimitMode() {
        return dev.sandesh.broadcast.domain.MessagingLimit.OverLimit.valueOf(overLimit);
    }

    /** The effective send-time template.components as JSON text (written by {@link CampaignStore}); null when none. */
    @Column(name = "template_components", insertable = false, updatable = false)
    public String templateComponents;

    public TemplateRef template() {
        if (templateComponents == null) {
            return new TemplateRef(templateName, templateLanguage, templateCategory);
        }
        try {
            return new TemplateRef(templateName, templateLanguage, templateCategory, WireJson.mapper().readTree(templateComponents));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("campaign " + id + ": stored template components are not JSON", e);
        }
    }

    public TemplateCategory category() {
        return TemplateCategory.fromWire(templateCategory).orElseThrow();
    }
}
