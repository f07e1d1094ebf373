package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.config.EventsConfig;
import dev.sandesh.webhook.domain.StorefrontEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import jakarta.enterprise.inject.Vetoed;

import java.util.List;

/**
 * The real StorefrontEvents, except that the database is gone: every insert fails as a closed pool
 * does. Installed with QuarkusMock; not a bean of its own.
 */
@Vetoed
public final class UnavailableStorefrontEvents extends StorefrontEvents {

    public UnavailableStorefrontEvents(Transactions transactions, EventsConfig config) {
        super(transactions, config);
    }

    @Override
    public Uni<Integer> add(List<StorefrontEvent> events) {
        return Uni.createFrom().failure(new VertxException("Pool closed", true));
    }
}
