package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.pricing.RateCard;
import dev.sandesh.contracts.pricing.ThirdPartyFees;
import dev.sandesh.webhook.config.WebhookConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Copies the rate card (contracts' shipped card, or {@code sandesh.webhook.rate-card-file}) and the
 * third-party fees into {@code rate_card} / {@code third_party_fees} at every start, so the cost
 * views always price with the card this build ships. The tables are replaced, not merged: a row
 * removed from the card disappears from the views too.
 */
@ApplicationScoped
public class RateCardLoader {

    private static final Logger LOG = Logger.getLogger(RateCardLoader.class);

    private static final String INSERT_RATE = """
            INSERT INTO webhook.rate_card (effective_from, country, category, price, currency, source)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    private static final String UPSERT_FEES = """
            INSERT INTO webhook.third_party_fees (provider, per_message, per_failed, currency) VALUES ($1, $2, $3, $4)
            ON CONFLICT (provider) DO UPDATE SET per_message = EXCLUDED.per_message, per_failed = EXCLUDED.per_failed,
                                                 currency = EXCLUDED.currency""";

    private final Pool pool;
    private final WebhookConfig config;

    RateCardLoader(Pool pool, WebhookConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        RateCard card = config.rateCardFile().map(RateCard::fromFile).orElseGet(RateCard::shipped);
        load(card, "twilio", ThirdPartyFees.TWILIO).await().atMost(Duration.ofSeconds(30));
        LOG.infof("rate card loaded: %d rows from %s", card.rates().size(),
                config.rateCardFile().map(Object::toString).orElse("the shipped card"));
    }

    public Uni<Void> load(RateCard card, String provider, ThirdPartyFees fees) {
        List<Tuple> rows = card.rates().stream()
                .map(r -> Tuple.of(r.effectiveFrom(), r.country(), r.category(), Numeric.create(r.price()), r.currency(), r.source()))
                .toList();
        return pool.withTransaction(connection -> connection.query("DELETE FROM webhook.rate_card").execute()
                .chain(() -> rows.isEmpty() ? Uni.createFrom().nullItem() : connection.preparedQuery(INSERT_RATE).executeBatch(rows))
                .chain(() -> connection.preparedQuery(UPSERT_FEES)
                        .execute(Tuple.of(provider, Numeric.create(fees.perMessage()), Numeric.create(fees.perFailed()), fees.currency()))))
                .replaceWithVoid();
    }
}
