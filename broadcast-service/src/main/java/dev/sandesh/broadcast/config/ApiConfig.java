package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;

import java.util.Set;

/**
 * Who may call the campaign API. {@code sandesh.api.keys} has no %prod default: without
 * {@code SANDESH_API_KEYS} the app refuses to start, naming the key. Entry format: see
 * {@link dev.sandesh.broadcast.domain.ApiKeys}.
 */
@ConfigMapping(prefix = "sandesh.api")
public interface ApiConfig {

    /** Accepted bearer keys (comma-separated), {@code sha256:<hex>} or plain, optionally {@code @id|id}. Never logged. */
    Set<String> keys();
}
