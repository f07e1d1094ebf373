package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.pricing.RateCard;
import dev.sandesh.contracts.pricing.ThirdPartyFees;
import dev.sandesh.webhook.config.WebhookConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Copies the rate card (contracts' shipped card, or {@code sandesh.webhook.rate-card-file}) and the
 * third-party fees into {@code rate_card} / {@code third_party_fees} at every start, so the cost
 * views always price with the card this build ships. The tables are replaced, not merged: a row
 * removed from the card disappears from the views too. One transaction, three native statements
 * (the card goes as one array parameter per column).
 */
@ApplicationScoped
public class RateCardLoader {

    private static final Logger LOG = Logger.getLogger(RateCardLoader.class);

    private static final String INSERT_RATES = """
            INSERT INTO webhook.rate_card (effective_from, country, category, price, currency, source)
            SELECT * FROM unnest(CAST(?1 AS date[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS numeric[]),
                                 CAST(?5 AS text[]), CAST(?6 AS text[]))""";

    /** ?1..?6 of {@link #INSERT_RATES}. */
    private static final ArrayColumns<RateCard.Rate> COLUMNS = new ArrayColumns<RateCard.Rate>()
            .column(LocalDate[]::new, RateCard.Rate::effectiveFrom)
            .column(String[]::new, RateCard.Rate::country)
            .column(String[]::new, RateCard.Rate::category)
            .column(BigDecimal[]::new, RateCard.Rate::price)
            .column(String[]::new, RateCard.Rate::currency)
            .column(String[]::new, RateCard.Rate::source);

    private static final String UPSERT_FEES = """
            INSERT INTO webhook.third_party_fees (provider, per_message, per_failed, currency)
            VALUES (CAST(?1 AS text), CAST(?2 AS numeric), CAST(?3 AS numeric), CAST(?4 AS text))
            ON CONFLICT (provider) DO UPDATE SET per_message = EXCLUDED.per_message, per_failed = EXCLUDED.per_failed,
                                                 currency = EXCLUDED.currency""";

    private final Transactions transactions;
    private final WebhookConfig config;

    RateCardLoader(Transactions transactions, WebhookConfig config) {
        this.transactions = transactions;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        RateCard card = config.rateCardFile().map(RateCard::fromFile).orElseGet(RateCard::shipped);
        load(card, "twilio", ThirdPartyFees.TWILIO).await().atMost(Duration.ofSeconds(30));
        LOG.infof("rate card loaded: %d rows from %s", card.rates().size(),
                config.rateCardFile().map(Object::toString).orElse("the shipped card"));
    }

    public Uni<Void> load(RateCard card, String provider, ThirdPartyFees fees) {
        List<RateCard.Rate> rates = card.rates();
        int n = rates.size();
        Object[] columns = COLUMNS.arrays(rates).toArray();
        return transactions.inTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("DELETE FROM webhook.rate_card").executeUpdate()
                        .chain(() -> n == 0 ? Uni.createFrom().item(0) : NativeQueries.bind(session.createNativeQuery(INSERT_RATES),
                                columns).executeUpdate())
                        .chain(() -> NativeQueries.bind(session.createNativeQuery(UPSERT_FEES),
                                provider, fees.perMessage(), fees.perFailed(), fees.currency()).executeUpdate())))
                .replaceWithVoid();
    }
}
