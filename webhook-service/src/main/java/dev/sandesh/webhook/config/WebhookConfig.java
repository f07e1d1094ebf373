package dev.sandesh.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's secrets and how it ingests. Neither secret has a {@code %prod} default: without
 * them the app refuses to start, naming the missing key ({@code SANDESH_WEBHOOK_APP_SECRET},
 * {@code SANDESH_WEBHOOK_VERIFY_TOKEN}).
 */
@ConfigMapping(prefix = "sandesh.webhook")
public interface WebhookConfig {

    /** The Meta app's secret: the key of the {@code X-Hub-Signature-256} HMAC. */
    String appSecret();

    /**
     * Secrets still accepted while a rotation is under way ({@code SANDESH_WEBHOOK_PREVIOUS_APP_SECRETS},
     * comma-separated): webhooks Meta signed before the switch keep being accepted, not retried.
     */
    Optional<List<String>> previousAppSecrets();

    /** The token typed into Meta's webhook settings, echoed back in the verification handshake. */
    String verifyToken();

    /** An operator's rate card (same columns as contracts' rate-card.csv) instead of the shipped one. */
    Optional<Path> rateCardFile();

    /**
     * Declare {@code broadcast.optouts} (+ DLQ) at startup (DESIGN.md §3: every side declares the
     * queues it uses), so that an opt-out relayed before broadcast-service ever ran is kept, not
     * dropped by an exchange with no queue bound. An existing queue is left exactly as it is.
     */
    @WithDefault("true")
    boolean declareOptOutsQueue();

    /**
     * Declare {@code broadcast.templates} (+ DLQ) at startup, for the same reason: a template
     * paused by Meta before broadcast-service ever ran must still pause its campaigns.
     */
    @WithDefault("true")
    boolean declareTemplatesQueue();

    /**
     * The CloudEvents adapter ({@code POST /internal/cloudevents/outcomes}) answers instead of 404.
     * Knative scales on HTTP requests, so under {@code %knative} outcomes arrive as CloudEvents from
     * a RabbitmqSource and the AMQP channel is off ({@code mp.messaging.incoming.outcomes.enabled=false});
     * docs/CONVENTIONS.md.
     */
    @WithDefault("false")
    boolean cloudeventsEnabled();

    Ingest ingest();

    OptOutKeywords optOut();

    /** Micro-batching: statuses from concurrent webhooks share one transaction and one multi-row upsert. */
    interface Ingest {

        /** Most statuses written by one transaction. */
        @WithDefault("1000")
        int maxBatchStatuses();

        /** Transactions in flight at once; while they are busy, new webhooks queue up and form the next batch. */
        @WithDefault("4")
        int maxConcurrentWrites();

        /** Statuses waiting beyond this answer 503 at once (Meta retries) instead of queueing without bound. */
        @WithDefault("50000")
        int maxQueuedStatuses();

        /** A write slower than this fails the webhooks it carries with 503 (Meta retries; the lattice makes it harmless). */
        @WithDefault("PT10S")
        Duration writeTimeout();
    }

    /** What inbound messages mean "stop" or "start" (case-insensitive, whole message). */
    interface OptOutKeywords {

        @WithDefault("STOP,STOP ALL,STOPALL,UNSUBSCRIBE,OPT OUT,OPTOUT")
        List<String> stopKeywords();

        @WithDefault("START,UNSTOP,SUBSCRIBE")
        List<String> startKeywords();

        /** Quick-reply button payloads that mean stop (the template's "Stop promotions" button). */
        @WithDefault("STOP,UNSUBSCRIBE,STOP_PROMOTIONS,STOP_MARKETING")
        List<String> stopPayloads();

        /**
         * The scope of a stop keyword or payload, {@code marketing} or {@code all}
         * ({@code sandesh.webhook.opt-out.scopes.STOP=all}; quote a key with a space: {@code scopes."STOP ALL"}),
         * over domain.OptOutPolicy's default table.
         */
        Map<String, String> scopes();

        /** The scope of a stop keyword or payload in neither {@link #scopes()} nor the default table. */
        @WithDefault("marketing")
        String defaultScope();

        /** How often opt-outs whose publication was not confirmed are published again. */
        @WithDefault("PT10S")
        Duration relayInterval();
    }
}
