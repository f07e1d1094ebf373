package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A row of the {@code opt_out} outbox: one opt-out or opt-in fact (person by phone and/or BSUID,
 * business number, scope, action, source, time; unique over all of them, V9), published once the
 * broker confirmed it.
 */
@Entity
@Table(name = "opt_out")
public class OptOutEntry extends PanacheEntityBase {

    @Id
    public Long id;

    /** E.164, or null when Meta told only the BSUID. */
    public String phone;

    @Column(name = "user_id")
    public String userId;

    /** The business number; null for every number. */
    @Column(name = "phone_number_id")
    public String phoneNumberId;

    /** MARKETING or ALL. */
    public String scope;

    /** OPT_OUT or OPT_IN. */
    public String action;

    public String source;

    public Instant at;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public OptOut optOut() {
        return new OptOut(phone, userId, phoneNumberId, OptOut.Scope.valueOf(scope), OptOut.Action.valueOf(action),
                OptOut.Source.valueOf(source), at);
    }
}
