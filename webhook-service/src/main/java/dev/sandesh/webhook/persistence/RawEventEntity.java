package dev.sandesh.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A row of {@code raw_event}: one signed webhook POST exactly as received ({@link RawEvent} is the
 * value the api hands over). Archived by {@link RawEventRepository} with one multi-row insert per
 * batch; read back for replay as {@link RawEvent.Stored} projections (no entity kept in the session).
 */
@Entity
@Table(name = "raw_event")
public class RawEventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "received_at")
    public Instant receivedAt;

    public byte[] body;

    public String signature;

    public int statuses;

    public String unreadable;
}
