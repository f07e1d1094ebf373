package dev.sandesh.support.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The secret every internal message is signed with and every internal HTTP call presents
 * (docs/CONVENTIONS.md, "Internal authentication"). The same in all three services. No %prod
 * default: without {@code SANDESH_INTERNAL_SECRET} the app refuses to start, naming the key.
 * Never logged.
 */
@ConfigMapping(prefix = "sandesh.internal")
public interface InternalConfig {

    /** Signs what this service publishes; accepted on what it receives. At least 16 characters. */
    String secret();

    /** Still accepted (never used to sign) while the secret is rotated; unset otherwise. */
    Optional<String> previousSecret();
}
