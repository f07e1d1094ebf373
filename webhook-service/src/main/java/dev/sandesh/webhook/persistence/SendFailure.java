package dev.sandesh.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A row of {@code send_failure}: a campaign recipient whose send never got a wamid (FAILED, UNKNOWN,
 * HALTED). Written by {@link SendFailureRepository}'s multi-row upsert.
 */
@Entity
@Table(name = "send_failure")
@IdClass(SendFailure.Key.class)
public class SendFailure extends PanacheEntityBase {

    @Id
    @Column(name = "campaign_id")
    public UUID campaignId;

    @Id
    @Column(name = "recipient_seq")
    public long recipientSeq;

    public String country;

    /** FAILED, UNKNOWN or HALTED. */
    public String result;

    @Column(name = "error_code")
    public Integer errorCode;

    @Column(name = "error_title")
    public String errorTitle;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    /** The primary key (campaign_id, recipient_seq). */
    public static class Key implements Serializable {
        public UUID campaignId;
        public long recipientSeq;

        public Key() {
        }

        public Key(UUID campaignId, long recipientSeq) {
            this.campaignId = campaignId;
            this.recipientSeq = recipientSeq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && recipientSeq == k.recipientSeq && Objects.equals(campaignId, k.campaignId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(campaignId, recipientSeq);
        }
    }
}
