package dev.sandesh.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How costs are shown: one reporting currency, the FX table, the providers compared, GST. Every
 * file defaults to the one contracts ships; an operator's file (a ConfigMap in Kubernetes) replaces
 * it whole. Read at start by {@code RateCardLoader} into the tables the cost views read.
 */
@ConfigMapping(prefix = "sandesh.cost")
public interface CostConfig {

    /** Every figure the API and Grafana show is in this currency (ISO 4217). */
    @WithDefault("INR")
    String currency();

    /** GST (India: 0.18) shown separately beside each cost; unset: no tax shown. */
    Optional<BigDecimal> taxRate();

    /** Dated exchange rates ({@code day,from,to,rate,source}) instead of contracts' fx-rates.csv. */
    Optional<Path> fxFile();

    /** Providers (the shape of contracts' providers.json) instead of the shipped ones. */
    Optional<Path> providersFile();

    /** Volume tiers (the columns of contracts' volume-tiers.csv) instead of the shipped ones. */
    Optional<Path> volumeTiersFile();
}
