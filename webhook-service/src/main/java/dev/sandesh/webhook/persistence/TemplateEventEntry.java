package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.WireJson;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A row of the {@code template_event} outbox: one {@link TemplateEvent}, published once the broker confirmed it. */
@Entity
@Table(name = "template_event")
public class TemplateEventEntry extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "fact_key")
    public String factKey;

    /** The event's wire JSON ({@link WireJson}). */
    public String body;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public TemplateEventOutbox.Recorded recorded() {
        return new TemplateEventOutbox.Recorded(id,
                WireJson.decode(body.getBytes(StandardCharsets.UTF_8), TemplateEvent.class, TemplateEvent.VERSION));
    }
}
