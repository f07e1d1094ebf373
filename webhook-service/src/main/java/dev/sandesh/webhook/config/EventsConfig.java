package dev.sandesh.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Events to the storefront (DESIGN.md §5): which are recorded, and where and how they are posted.
 * Events of the enabled {@link #types()} are recorded whether or not a {@link #url()} is set, so
 * {@code GET /v1/events} serves them either way; only a url makes the dispatcher post them.
 */
@ConfigMapping(prefix = "sandesh.events")
public interface EventsConfig {

    /** The storefront's receiver ({@code SANDESH_EVENTS_URL}); unset: nothing is posted. */
    Optional<URI> url();

    /** The HMAC key of {@code X-Sandesh-Signature-256} ({@code SANDESH_EVENTS_SECRET}); required with a url, never logged. */
    Optional<String> secret();

    /**
     * The event types recorded (CloudEvent type names). The default leaves out
     * {@code sandesh.message.delivered} and {@code sandesh.message.read}: a 1M-recipient campaign
     * makes up to 2M of them, which the campaign's counts already tell.
     */
    @WithDefault("sandesh.campaign.completed,sandesh.campaign.halted,sandesh.campaign.paused,sandesh.campaign.resumed,"
            + "sandesh.message.failed,sandesh.message.replied,sandesh.optout")
    Set<String> types();

    /** The CloudEvent {@code source} of every event. */
    @WithDefault("urn:sandesh:webhook-service")
    String source();

    /** Post several events per request as {@code application/cloudevents-batch+json} (a JSON array) instead of one. */
    @WithDefault("false")
    boolean batch();

    /** Events per request in batch mode. */
    @WithDefault("100")
    int batchSize();

    /** Events taken per dispatcher round (posted one at a time, or in batches), in seq order. */
    @WithDefault("200")
    int roundSize();

    /** How often the dispatcher looks for due events. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** A request slower than this is a failed attempt. */
    @WithDefault("PT10S")
    Duration requestTimeout();

    /** The delay after the first failed attempt (doubling, ±20 % jitter). */
    @WithDefault("PT5S")
    Duration initialBackoff();

    /** The longest delay between two attempts. */
    @WithDefault("PT10M")
    Duration maxBackoff();

    /** How long an event is retried after it was recorded; then it is abandoned (WARN, counted). At least 24 h in production. */
    @WithDefault("PT48H")
    Duration retryFor();

    /**
     * {@code GET /internal/v1/events} lists events recorded at least this long ago: a cursor must
     * not pass an event whose transaction (begun earlier, so with a lower seq) has not committed yet.
     */
    @WithDefault("PT15S")
    Duration listAfter();
}
