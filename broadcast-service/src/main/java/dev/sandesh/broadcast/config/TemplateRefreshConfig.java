package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How often the catalogue is read again from Meta ({@code sandesh.broadcast.template-refresh}). */
@ConfigMapping(prefix = "sandesh.broadcast")
public interface TemplateRefreshConfig {

    /**
     * Between two refreshes from Meta (api.TemplateRefreshTimer); Meta also changes templates on
     * its own (pauses, re-categorises: CLOUD-API-MORE §3.1–§3.2), so this bounds how stale the
     * catalogue gets without webhooks.
     */
    @WithDefault("10m")
    Duration templateRefresh();
}
