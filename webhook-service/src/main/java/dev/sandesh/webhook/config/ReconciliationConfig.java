package dev.sandesh.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Reconciliation with Meta's {@code pricing_analytics} (CLOUD-API-MORE §6.5): where the Graph API is
 * ({@code https://graph.facebook.com/v23.0}, or the simulator's base URL + version), the WABA and a
 * token with {@code whatsapp_business_management}. Without all three the job does not run and
 * {@code POST /internal/v1/reconciliation} answers 409.
 */
@ConfigMapping(prefix = "sandesh.reconciliation")
public interface ReconciliationConfig {

    /** Graph API base including the version, e.g. {@code https://graph.facebook.com/v23.0}. */
    Optional<URI> graphUrl();

    Optional<String> wabaId();

    /** {@code SANDESH_RECONCILIATION_ACCESS_TOKEN}. */
    Optional<String> accessToken();

    /** How often the job reconciles yesterday and today (UTC days). */
    @WithDefault("24h")
    Duration every();

    @WithDefault("10s")
    Duration requestTimeout();
}
