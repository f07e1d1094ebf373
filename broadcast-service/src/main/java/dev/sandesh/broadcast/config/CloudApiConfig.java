package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where broadcast-service reads the template catalogue: Meta's Graph API (or the simulator), the
 * same {@code sandesh.cloud-api.*} keys as sender-service plus {@code waba-id}.
 */
@ConfigMapping(prefix = "sandesh.cloud-api")
public interface CloudApiConfig {

    /** Graph API base, without version: {@code https://graph.facebook.com} in production. */
    @WithDefault("http://localhost:8099")
    String baseUrl();

    /** Graph API version in the path, e.g. {@code v23.0}. */
    @WithDefault("v23.0")
    String version();

    /**
     * The WhatsApp Business Account whose {@code message_templates} are the catalogue. Absent: the
     * configured templates ({@code sandesh.templates.*}) are the catalogue (a setup without Graph access).
     */
    Optional<String> wabaId();

    /**
     * System-user access token sent as {@code Authorization: Bearer}; required when {@link #wabaId()}
     * is set (the app refuses to start without {@code SANDESH_CLOUD_API_ACCESS_TOKEN}). Never logged.
     */
    Optional<String> accessToken();

    /** How long one page request may wait for Meta (ms). */
    @WithDefault("10000")
    long timeoutMs();

    /** Templates asked for per page ({@code limit}). */
    @WithDefault("100")
    int templatesPageSize();

    /**
     * The most pages one refresh reads: 100 × 100 covers the 6,000 templates a verified WABA may
     * hold (CLOUD-API-MORE §2.2); more means paging loops.
     */
    @WithDefault("100")
    int templatesMaxPages();
}
