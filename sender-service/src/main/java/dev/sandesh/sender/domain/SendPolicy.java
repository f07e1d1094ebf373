package dev.sandesh.sender.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides what the sender does with a Cloud API error (CLOUD-API.md, "Errors"), exhaustively over
 * {@link CloudApiError}:
 *
 * <ul>
 *   <li>throughput (130429, 4, 80007): halve the number's rate, retry the recipient after a growing
 *       jittered backoff, a bounded number of times;</li>
 *   <li>pair rate (131056): retry that recipient alone after {@code base * 4^n}; the others go on;</li>
 *   <li>transient: retried by the Cloud API gateway (bounded, exponential backoff with jitter); when it
 *       reaches this policy the retries are spent;</li>
 *   <li>maintenance (131057): pause the whole number for about a minute, then retry;</li>
 *   <li>template problems halt the campaign; a template paused, disabled or still syncing at Meta
 *       (132015, 132016, 134101) pauses it, keeping its unsent recipients; auth/account errors and spam/quality (131048) halt the
 *       number (its bulk lane: every campaign on it);</li>
 *   <li>131050 (the user stopped marketing messages) is recorded and becomes an opt-out;</li>
 *   <li>everything else (131049 per-user cap, other permanent recipient errors, bad requests,
 *       unknown codes) is recorded FAILED with Meta's code and title.</li>
 * </ul>
 */
public final class SendPolicy {

    /** Meta's code for "this user has stopped marketing messages from you". */
    public static final int STOPPED_MARKETING = 131050;

    private final Limits limits;
    private final RandomGenerator random;

    /**
     * How often and after how long each retried class is tried again.
     *
     * @param throughputRetries  retries of one recipient after 130429
     * @param throughputBackoff  first wait after 130429; doubles, plus up to 50 % jitter
     * @param pairRateRetries    retries of one recipient after 131056
     * @param pairRateBackoff    first wait after 131056; times 4 per retry (4 s, 16 s, 64 s by default)
     * @param maintenanceRetries retries of one recipient after 131057
     * @param maintenancePause   how long the number pauses after 131057
     */
    public record Limits(int throughputRetries, Duration throughputBackoff, int pairRateRetries, Duration pairRateBackoff,
                         int maintenanceRetries, Duration maintenancePause) {

        public Limits {
            if (throughputRetries < 0 || pairRateRetries < 0 || maintenanceRetries < 0) {
                throw new IllegalArgumentException("retry budgets must be >= 0");
            }
        }
    }

    /**
     * @param maxThroughputRetries how many times one recipient is retried after a throughput error
     * @param throughputBackoff    the first backoff; doubles with each retry, plus up to 50 % jitter
     * @param random               jitter source (seeded in tests)
     */
    public SendPolicy(int maxThroughputRetries, Duration throughputBackoff, RandomGenerator random) {
        this(new Limits(maxThroughputRetries, throughputBackoff, 3, Duration.ofSeconds(4), 2, Duration.ofSeconds(60)), random);
    }

    public SendPolicy(Limits limits, RandomGenerator random) {
        this.limits = limits;
        this.random = random;
    }

    /** What to do. */
    public sealed interface Decision {
        /** Retry straight away with exponential backoff and jitter (done by the gateway, bounded). */
        record RetryWithBackoff() implements Decision {}

        /** Halve the number's rate, wait {@code after}, then send again through the pacer. */
        record SlowDownThenRetry(Duration after) implements Decision {}

        /** Wait {@code after} (this recipient only), then send again through the pacer. */
        record RetryAfter(Duration after) implements Decision {}

        /** Pause every send of the number for {@code pause}, then send this one again. */
        record PauseNumberThenRetry(Duration pause) implements Decision {}

        /** Give up on this recipient: record the error as FAILED. */
        record Record(CloudApiError error) implements Decision {}

        /** Record FAILED and publish an opt-out for the recipient (131050). */
        record RecordAndOptOut(CloudApiError error) implements Decision {}

        /** Record FAILED and halt the campaign: every later send of it would fail alike. */
        record HaltCampaign(CloudApiError error) implements Decision {}

        /**
         * Pause the campaign (132015/132016/134101): this recipient and every unsent one are DEFERRED,
         * their claims released, so a resume sends them once the template is back.
         */
        record PauseCampaign(CloudApiError.TemplateOnHold error) implements Decision {}

        /** Record FAILED and halt every campaign on the business number. */
        record HaltNumber(CloudApiError error) implements Decision {}
    }

    /** Whether the gateway should retry this answer immediately (with backoff) before giving it up. */
    public static boolean retriedByGateway(CloudApiError error) {
        return error instanceof CloudApiError.Transient;
    }

    /**
     * @param error        the error the last attempt ended with
     * @param retriesSoFar how many retries this recipient has had already for this class of error
     */
    public Decision decide(CloudApiError error, int retriesSoFar) {
        return switch (error) {
            case CloudApiError.Throughput t -> retriesSoFar < limits.throughputRetries()
                    ? new Decision.SlowDownThenRetry(backoff(retriesSoFar))
                    : new Decision.Record(t);
            case CloudApiError.PairRate p -> retriesSoFar < limits.pairRateRetries()
                    ? new Decision.RetryAfter(pairRateBackoff(retriesSoFar))
                    : new Decision.Record(p);
            case CloudApiError.Transient t -> new Decision.RetryWithBackoff();
            case CloudApiError.Maintenance m -> retriesSoFar < limits.maintenanceRetries()
                    ? new Decision.PauseNumberThenRetry(limits.maintenancePause())
                    : new Decision.Record(m);
            case CloudApiError.PerUserCap p -> new Decision.Record(p);
            case CloudApiError.SpamOrQuality s -> new Decision.HaltNumber(s);
            case CloudApiError.RecipientPermanent r -> r.code() == STOPPED_MARKETING
                    ? new Decision.RecordAndOptOut(r)
                    : new Decision.Record(r);
            case CloudApiError.TemplateProblem t -> new Decision.HaltCampaign(t);
            case CloudApiError.TemplateOnHold h -> new Decision.PauseCampaign(h);
            case CloudApiError.AuthOrAccount a -> new Decision.HaltNumber(a);
            case CloudApiError.BadRequest b -> new Decision.Record(b);
            case CloudApiError.Unrecognised u -> new Decision.Record(u);
        };
    }

    /** A short name of the error's class, for metrics and halt reasons. */
    public static String errorClass(CloudApiError error) {
        return switch (error) {
            case CloudApiError.Throughput t -> "throughput";
            case CloudApiError.PairRate p -> "pair_rate";
            case CloudApiError.Transient t -> "transient";
            case CloudApiError.Maintenance m -> "maintenance";
            case CloudApiError.PerUserCap p -> "per_user_cap";
            case CloudApiError.SpamOrQuality s -> "spam_or_quality";
            case CloudApiError.RecipientPermanent r -> "recipient_permanent";
            case CloudApiError.TemplateProblem t -> "template";
            case CloudApiError.TemplateOnHold h -> "template_on_hold";
            case CloudApiError.AuthOrAccount a -> "auth_or_account";
            case CloudApiError.BadRequest b -> "bad_request";
            case CloudApiError.Unrecognised u -> "unrecognised";
        };
    }

    /**
     * The error class of a finished send, for the {@code sandesh_sender_sends_total{error_class}}
     * metric: "none" unless it FAILED with a code; a failed connection is "transient" (its retries
     * were spent), an HTTP status without Meta's body is classified on the status, other local
     * codes are "local", Meta's codes are classified as {@link CloudApiError#classify} does.
     */
    public static String errorClassOf(SendResult result) {
        Integer code = result.errorCode();
        if (result.state() != LedgerState.FAILED || code == null) {
            return "none";
        }
        if (code >= 0) {
            // The HTTP status only matters for unknown codes, and a FAILED unknown code came with a 4xx.
            return errorClass(CloudApiError.classify(code, 400, ""));
        }
        return switch (LocalError.of(code).orElse(LocalError.NOT_SENT)) {
            case LocalError.ConnectFailed connect -> "transient";
            case LocalError.HttpStatusOnly http -> errorClass(CloudApiError.classify(null, http.status(), ""));
            case LocalError.NotSent notSent -> "local";
            case LocalError.ParameterMissing missing -> "local";
            case LocalError.BreakerOpen open -> "local";
            case LocalError.OptedOut optedOut -> "opted_out";
            // never FAILED (DEFERRED), so never reached: local like the others
            case LocalError.TakenOver takenOver -> "local";
            case LocalError.ShuttingDown shuttingDown -> "local";
        };
    }

    /** {@code base * 2^n}, plus a random 0–50 % so that many recipients hit at once do not retry in step. */
    Duration backoff(int retriesSoFar) {
        long baseMillis = limits.throughputBackoff().toMillis() << Math.min(retriesSoFar, 10);
        long jitter = baseMillis == 0 ? 0 : random.nextLong(baseMillis / 2 + 1);
        return Duration.ofMillis(baseMillis + jitter);
    }

    /** {@code base * 4^n}: with the default base of 4 s, 4 s, 16 s, 64 s (CLOUD-API.md: "after 4^n s"). */
    Duration pairRateBackoff(int retriesSoFar) {
        return limits.pairRateBackoff().multipliedBy(1L << (2 * Math.min(retriesSoFar, 10)));
    }
}
