package dev.sandesh.webhook.api;

import dev.sandesh.webhook.client.PricingAnalyticsClient;
import dev.sandesh.webhook.config.ReconciliationConfig;
import dev.sandesh.webhook.persistence.ReconciliationStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The daily reconciliation: every {@code sandesh.reconciliation.every} (24 h), yesterday (now final at
 * Meta) and today, when Meta's Graph API is configured. One INFO line per day with the total drift.
 */
@ApplicationScoped
public class ReconciliationTimer {

    private static final Logger LOG = Logger.getLogger(ReconciliationTimer.class);

    private final Vertx vertx;
    private final ReconciliationConfig config;
    private final PricingAnalyticsClient meta;
    private final ReconciliationStore store;
    private final InstantSource clock;
    private long timer = -1;

    ReconciliationTimer(Vertx vertx, ReconciliationConfig config, PricingAnalyticsClient meta, ReconciliationStore store, InstantSource clock) {
        this.vertx = vertx;
        this.config = config;
        this.meta = meta;
        this.store = store;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (meta.configured()) {
            timer = vertx.setPeriodic(config.every().toMillis(), id -> run());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void run() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (LocalDate day : new LocalDate[]{today.minusDays(1), today}) {
            ReconciliationResource.reconcile(meta, store, day).subscribe().with(
                    r -> LOG.infof("reconciled %s with Meta's pricing_analytics: drift %s", day, r.drift().stream()
                            .map(d -> d.drift() == null ? java.math.BigDecimal.ZERO : d.drift()).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)),
                    failure -> LOG.warnf("reconciliation of %s failed: %s", day, failure.getMessage()));
        }
    }
}
