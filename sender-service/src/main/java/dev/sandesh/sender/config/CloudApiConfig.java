package dev.sandesh.sender.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where and how to reach Meta's Cloud API (or the simulator). The REST client's URL is bound to
 * {@code sandesh.cloud-api.base-url} in application.properties. The per-request timeout is not
 * here: it is the fault-tolerance timeout of {@code client.CloudApiCall} (see REFERENCE.md).
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
     * System-user access token sent as {@code Authorization: Bearer}. No default in production: the
     * app refuses to start without {@code SANDESH_CLOUD_API_ACCESS_TOKEN}. Never logged.
     */
    String accessToken();
}
