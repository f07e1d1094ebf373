package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of the {@code opt_out} outbox: one opt-out or opt-in fact, published once the broker confirmed it. */
@Entity
@Table(name = "opt_out")
@IdClass(OptOutEntry.Key.class)
public class OptOutEntry extends PanacheEntityBase {

    @Id
    public String phone;

    /** OPT_OUT or OPT_IN. */
    @Id
    public String action;

    @Id
    public String source;

    @Id
    public Instant at;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public OptOut optOut() {
        return new OptOut(phone, OptOut.Action.valueOf(action), OptOut.Source.valueOf(source), at);
    }

    /** The primary key (phone, action, source, at). */
    public static class Key implements Serializable {
        public String phone;
        public String action;
        public String source;
        public Instant at;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(phone, k.phone) && Objects.equals(action, k.action)
                    && Objects.equals(source, k.source) && Objects.equals(at, k.at);
        }

        @Override
        public int hashCode() {
            return Objects.hash(phone, action, source, at);
        }
    }
}
