package dev.sandesh.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "sandesh.broadcast")
public interface BroadcastConfig {

    /** Valid recipients per {@code SendBatch} message. */
    @WithDefault("100")
    int batchSize();

    /** ISO region for numbers written without a country code. */
    @WithDefault("IN")
    String defaultRegion();

    /** Meta's id of the business phone number campaigns send from unless they name another. */
    @WithDefault("106540352242922")
    String phoneNumberId();

    /** How long to wait for the broker to confirm a campaign's batches before answering 503. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Declare the batches queue and its DLQ at startup, so batches wait for a sender that never ran. */
    @WithDefault("true")
    boolean declareBatchQueue();
}
