package dev.sandesh.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How hard the outcome handler tries before a message goes to the dead-letter queue. */
@ConfigMapping(prefix = "sandesh.webhook.outcomes")
public interface OutcomeConfig {

    /** In-app retries of a failing (but well-formed) outcome before it is dead-lettered. */
    @WithDefault("3")
    int maxRetries();

    /** First back-off between retries; doubled each time, with jitter. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();
}
