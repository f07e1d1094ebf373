package dev.sandesh.sender.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.sandesh.sender.domain.ProductPolicy;

/** How sender-service paces and retries its sends. */
@ConfigMapping(prefix = "sandesh.sender")
public interface SenderConfig {

    /**
     * Messages per second per business phone number, across every batch in flight (Meta's default
     * tier is 80; high-volume numbers get 1,000). {@code 0} means no limit (benchmarks only).
     */
    @WithDefault("80")
    double rate();

    /**
     * Recipients of one batch in flight at once (waiting for a rate slot or for Meta's answer).
     * Sending at {@code rate} with answers taking {@code latency} needs {@code rate × latency}
     * requests in flight (Little's law): 1,000/s at 250 ms is 250. The pacer, not this bound, sets
     * the rate; this bound only has to be large enough, across {@code batch-concurrency} batches,
     * and the connection pool ({@code quarkus.rest-client.cloud-api.connection-pool-size}) as large.
     */
    @WithDefault("256")
    int concurrency();

    /**
     * Batches processed at once, each by its own consumer of {@code sender.batches}; they share each
     * number's pacer, oldest batch first, so that the next ones send while the oldest waits for its
     * last answers and writes its results. Applied to the {@code batches} channel in application.properties.
     */
    @WithDefault("3")
    int batchConcurrency();

    /** Unacknowledged batches each consumer may hold (AMQP prefetch): backpressure reaches the queue. */
    @WithDefault("4")
    int prefetch();

    /**
     * Declare the routes this service publishes to at startup, {@code webhook.outcomes} and
     * {@code broadcast.optouts} with their exchanges and DLQs (DESIGN.md §3: every side declares the
     * queues it uses), so no outcome or opt-out is dropped because its consumer has never run. An
     * existing queue is left exactly as it is.
     */
    @WithDefault("true")
    boolean declareOutcomesQueue();

    /** Retries of one recipient after a throughput error (130429) before it is recorded FAILED. */
    @WithDefault("3")
    int throughputRetries();

    /** First wait after a throughput error; doubles per retry, plus up to 50 % jitter. */
    @WithDefault("1s")
    Duration throughputBackoff();

    /** In-app retries of a batch step (ledger claim, ledger write, outcome publish) before the batch goes to the DLQ. */
    @WithDefault("3")
    int stepRetries();

    /** First wait between two attempts of a batch step; doubles per retry. */
    @WithDefault("200ms")
    Duration stepBackoff();

    /**
     * Rates of numbers whose tier differs from {@link #rate()}: {@code sandesh.sender.number-rate."<phone-number-id>"=1000}.
     */
    Map<String, Double> numberRate();

    /**
     * How the sender pods sending for a number share its rate (leases in {@code sender.rate_lease},
     * see {@code domain.RateShares}): any number of pods, the sum of their shares never above the rate.
     */
    Lease lease();

    /** Leases on a share of each number's rate. */
    interface Lease {

        /** How often a pod with recipients waiting for a number renews its lease (and its share follows the others). */
        @WithDefault("1s")
        Duration renewEvery();

        /**
         * How long a lease lasts unrenewed: a pod that cannot renew stops sending for the number
         * after this, and a dead pod's share goes to the others after this. Longer than {@code renew-every}.
         */
        @WithDefault("5s")
        Duration ttl();
    }

    /** Share of a number's rate regained per second after 130429 halved it (additive increase). */
    @WithDefault("0.05")
    double rateRecovery();

    /**
     * How much time's worth of slots each number's pacing bucket holds: the stall (timer lateness,
     * a GC pause) that costs no throughput, and the largest burst after one ({@code rate × window}:
     * 20 at 1,000/s, a fiftieth of Meta's one-second meter; one slot below 100/s). See {@code NumberRateBucket}.
     */
    @WithDefault("20ms")
    Duration burstWindow();

    /** Retries of one recipient after 131056 (pair rate) before it is recorded FAILED. */
    @WithDefault("3")
    int pairRateRetries();

    /** First wait after 131056; times 4 per retry (4 s, 16 s, 64 s). */
    @WithDefault("4s")
    Duration pairRateBackoff();

    /** Retries of one recipient after 131057 (maintenance) before it is recorded FAILED. */
    @WithDefault("2")
    int maintenanceRetries();

    /** How long a number pauses after 131057. */
    @WithDefault("60s")
    Duration maintenancePause();

    /** How often each replica re-reads the campaign controls and halts from the database. */
    @WithDefault("1s")
    Duration controlRefresh();

    /**
     * When the Cloud API's circuit breaker is open, the unsent remainder of a batch is re-published
     * to the batches exchange after this delay (doubling per re-queue, see {@code domain.BreakerRequeueDelay})...
     */
    @WithDefault("10s")
    Duration breakerRequeueDelay();

    /** ...at most this long... */
    @WithDefault("5m")
    Duration breakerRequeueMaxDelay();

    /** ...at most this many times; a remainder past it is rejected to {@code sender.batches.dlq}. */
    @WithDefault("5")
    int breakerRequeues();

    /**
     * A campaign whose first this-many sends all fail with the same request-class error (100, 131008,
     * 131009, 132000, 132012, 132018, or an unrecognised code) is halted ({@code domain.EarlyHalt});
     * until then no more than this many of its requests leave. {@code 0} switches it off.
     */
    @WithDefault("20")
    int earlyHaltSends();

    /**
     * Numbers onboarded to the Marketing Messages API (CLOUD-API-MORE §5):
     * {@code sandesh.sender.marketing-messages-api."<phone-number-id>"=true} posts that number's
     * marketing templates to {@code /marketing_messages}; utility and authentication stay on {@code /messages}.
     */
    Map<String, Boolean> marketingMessagesApi();

    /**
     * {@code product_policy} sent on {@code /marketing_messages}: {@code CLOUD_API_FALLBACK} or
     * {@code STRICT}; unset, it is left out and Meta applies CLOUD_API_FALLBACK.
     */
    Optional<ProductPolicy> marketingProductPolicy();

    /**
     * The attempt-started marks ({@code send_ledger.attempt_started_at}, written just before a
     * recipient's first request leaves, {@code persistence.AttemptStarts}).
     */
    AttemptMark attemptMark();

    interface AttemptMark {

        /** One statement of marks: longer, and it counts as failed (the recipients wait and try again, nothing is sent unmarked). */
        @WithDefault("5s")
        Duration timeout();

        /** The most marks one statement writes. */
        @WithDefault("1000")
        int maxGroup();

        /** First wait before a recipient whose mark failed takes a new slot and tries again; doubles, up to {@code max-backoff}. */
        @WithDefault("200ms")
        Duration backoff();

        /** The longest wait between two tries of a mark; a database outage is waited out at this pace. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** Tries of a mark that fails with an unexpected (not an outage) error before the recipient is FAILED with -2, not sent. */
        @WithDefault("5")
        int unexpectedTries();
    }

    /** The HTTP CloudEvent adapter ({@code /internal/cloudevents/*}); on under {@code %knative}, where AMQP consumers are off. */
    @WithDefault("false")
    boolean cloudeventsEnabled();
}
