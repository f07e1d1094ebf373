package dev.sandesh.sender.domain;

import java.util.Set;

/**
 * What a Cloud API error means for the sender, keyed on Meta's {@code error.code} (Meta asks
 * integrators to key on the code, not on the HTTP status or the title; see CLOUD-API.md, "Errors").
 * A closed set, so every decision over it is an exhaustive {@code switch} (see {@link SendPolicy}).
 *
 * <p>{@code code} is Meta's code, or a negative {@link LocalError} code when Meta gave none
 * ({@link LocalError.ConnectFailed}, {@link LocalError.HttpStatusOnly}).
 */
public sealed interface CloudApiError {

    int code();

    String title();

    /** 130429, 4, 80007: the number's throughput is exceeded. Slow down and retry. */
    record Throughput(int code, String title) implements CloudApiError {}

    /** 131056: more than one message per 6 s to the same recipient. Retry that recipient later. */
    record PairRate(int code, String title) implements CloudApiError {}

    /** 1, 2, 131000, 131016, 133004, HTTP 5xx, connect errors: retry with backoff and jitter. */
    record Transient(int code, String title) implements CloudApiError {}

    /** 131057: the number is in maintenance (e.g. a throughput upgrade). Pause about a minute. */
    record Maintenance(int code, String title) implements CloudApiError {}

    /** 131049: Meta's per-user marketing cap. Eligible for "retry failed" after 24 h, not now. */
    record PerUserCap(int code, String title) implements CloudApiError {}

    /** 131048: spam rate limit / quality. Stop the bulk lane for the number; no blind retry. */
    record SpamOrQuality(int code, String title) implements CloudApiError {}

    /**
     * 131026, 131050, 130403, 130472, 131021, 130497: this recipient cannot get it. Record, never retry.
     * 130497 (the WABA may not message users in the recipient's country, CLOUD-API-MORE §4.4) is about
     * the recipient's country, not the number: it fails that recipient, and so each recipient of that
     * country as it is sent, while the rest of the campaign goes on.
     */
    record RecipientPermanent(int code, String title) implements CloudApiError {}

    /**
     * 132000, 132001, 132005, 132007, 132012, 131063, 131064, and on the Marketing Messages API 131055,
     * 134100, 134102: the template is wrong, or not one this endpoint sends; every later send would fail alike.
     */
    record TemplateProblem(int code, String title) implements CloudApiError {}

    /**
     * 132015 (paused), 132016 (disabled) and 134101 (still syncing to the Marketing Messages API): the
     * template cannot be sent now, but may be again once Meta reinstates it (a PAUSED or DISABLED
     * template webhook, CLOUD-API-MORE §3.1, §4.4) or has synced it (up to 10 min after creation, §5).
     * The campaign is paused, not halted: its unsent recipients are kept for a resume.
     */
    record TemplateOnHold(int code, String title) implements CloudApiError {

        /** The campaign's pause reason, which every deferred recipient reports (with the code). */
        public String reason() {
            return switch (code) {
                case 132015 -> "template paused by Meta (132015)";
                case 132016 -> "template disabled by Meta (132016)";
                case 134101 -> "template still syncing to the Marketing Messages API (134101); resume in about 10 minutes";
                default -> "template on hold at Meta (" + code + ")";
            };
        }
    }

    /** 0, 3, 10, 190, 200–299, 368, 131031, 131042, 131045, 133010: token, permission, ban, lock, billing. */
    record AuthOrAccount(int code, String title) implements CloudApiError {}

    /**
     * 100, 131008, 131009, 131051, 132018, 135000: our request is malformed, or a parameter value is
     * refused (132018: newline, tab, more than 4 spaces; CLOUD-API-MORE §1.8, a per-recipient data bug).
     * Recorded, no retry; a campaign whose first sends all fail alike is halted ({@code EarlyHalt}).
     */
    record BadRequest(int code, String title) implements CloudApiError {}

    /** A code this build does not know, answered with a 4xx: recorded as it came, not retried. */
    record Unrecognised(int code, String title) implements CloudApiError {}

    Set<Integer> THROUGHPUT = Set.of(130429, 4, 80007);
    Set<Integer> TRANSIENT = Set.of(1, 2, 131000, 131016, 133004);
    Set<Integer> RECIPIENT_PERMANENT = Set.of(131026, 131050, 130403, 130472, 131021, 130497);
    // 131055 ("only marketing templates"), 134100 (utility/auth template on the MM API) and 134102
    // (template unavailable: ad sync failed or not eligible; HTTP 500 but permanent until Meta's support
    // fixes it, so it must never fall through to the 5xx retry) are the MM API's (CLOUD-API-MORE §5).
    Set<Integer> TEMPLATE = Set.of(132000, 132001, 132005, 132007, 132012, 131063, 131064, 131055, 134100, 134102);
    Set<Integer> TEMPLATE_ON_HOLD = Set.of(132015, 132016, 134101);
    Set<Integer> AUTH_OR_ACCOUNT = Set.of(0, 3, 10, 190, 368, 131031, 131042, 131045, 133010);
    Set<Integer> BAD_REQUEST = Set.of(100, 131008, 131009, 131051, 132018, 135000);

    /**
     * Classifies an error answer.
     *
     * @param code       Meta's {@code error.code}, or null when the body carried none
     * @param httpStatus the HTTP status of the answer (used only when there is no code, or the code is unknown)
     * @param title      Meta's {@code error.message} (or a local description)
     */
    static CloudApiError classify(Integer code, int httpStatus, String title) {
        if (code == null) {
            int local = new LocalError.HttpStatusOnly(httpStatus).code();
            if (httpStatus == 429) {
                return new Throughput(local, title);
            }
            return httpStatus >= 500 ? new Transient(local, title) : new Unrecognised(local, title);
        }
        int c = code;
        if (THROUGHPUT.contains(c)) {
            return new Throughput(c, title);
        }
        if (c == 131056) {
            return new PairRate(c, title);
        }
        if (TRANSIENT.contains(c)) {
            return new Transient(c, title);
        }
        if (c == 131057) {
            return new Maintenance(c, title);
        }
        if (c == 131049) {
            return new PerUserCap(c, title);
        }
        if (c == 131048) {
            return new SpamOrQuality(c, title);
        }
        if (RECIPIENT_PERMANENT.contains(c)) {
            return new RecipientPermanent(c, title);
        }
        if (TEMPLATE.contains(c)) {
            return new TemplateProblem(c, title);
        }
        if (TEMPLATE_ON_HOLD.contains(c)) {
            return new TemplateOnHold(c, title);
        }
        if (AUTH_OR_ACCOUNT.contains(c) || (c >= 200 && c <= 299)) {
            return new AuthOrAccount(c, title);
        }
        if (BAD_REQUEST.contains(c)) {
            return new BadRequest(c, title);
        }
        // Unknown code: be tolerant. A server error is worth a bounded retry; anything else is recorded.
        return httpStatus >= 500 ? new Transient(c, title) : new Unrecognised(c, title);
    }

    /** A connection that could not be opened: the request never left, so retrying cannot double-send. */
    static CloudApiError connectFailed(String detail) {
        return new Transient(LocalError.CONNECT_FAILED.code(), "connection failed: " + detail);
    }
}
