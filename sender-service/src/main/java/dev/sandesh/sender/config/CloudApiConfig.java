package dev.sandesh.sender.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Where and how to reach Meta's Cloud API (or the simulator), and the fault tolerance around each
 * request: the per-request timeout and circuit breaker of {@code client.CloudApiCall}, the transient
 * retries of {@code client.PacedCloudApiCall} (SmallRye Fault Tolerance guards built once from these
 * values, see REFERENCE.md "Configuration").
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

    /**
     * Connections to the Cloud API: room for every request in flight ({@code sandesh.sender.concurrency}
     * per batch, {@code batch-concurrency} batches); more requests wait for a free connection.
     */
    @WithDefault("512")
    int connectionPoolSize();

    /** Opening a connection; a connection that never opened is a transient failure (retried). */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Wait for one answer. A later one makes the recipient UNKNOWN (it may have been sent), never
     * retried: Meta has no idempotency key. The request is then abandoned (its connection reset).
     */
    @WithDefault("10s")
    Duration timeout();

    /** The circuit breaker around each request (one for the Cloud API, named {@code cloud-api}). */
    Breaker breaker();

    /** The retries of transient failures (5xx, Meta's transient codes, connections that never opened). */
    Retry retry();

    interface Breaker {

        /** Requests in the rolling window the failure ratio is computed over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Share of transient failures and timeouts in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open before letting trial requests through (half-open). */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial requests that close it again. */
        @WithDefault("2")
        int successThreshold();
    }

    interface Retry {

        /** Retries after the first request (each takes a new pacing slot). */
        @WithDefault("3")
        int maxRetries();

        /** Delay before the first retry; doubled (×{@code backoff-factor}) for each next one. */
        @WithDefault("200ms")
        Duration delay();

        /** Random jitter added to or taken from each delay. */
        @WithDefault("100ms")
        Duration jitter();

        /** Factor of the exponential backoff. */
        @WithDefault("2")
        int backoffFactor();

        /** Cap of one delay. */
        @WithDefault("5s")
        Duration maxDelay();

        /** No retry starts after this long since the first request. */
        @WithDefault("60s")
        Duration maxDuration();
    }
}
