package dev.sandesh.simulator.domain;

/**
 * A synchronous Cloud API error, as Meta's Graph API reports it. Messages and details follow the
 * texts Meta returns for each code (see CLOUD-API.md "Errors" and Meta's error-code page);
 * clients are told to key on {@code code}, so the texts are informative only.
 *
 * @param httpStatus HTTP status of the answer
 * @param code       Graph error code ({@code error.code})
 * @param subcode    {@code error.error_subcode}, or null when Meta sends none
 * @param type       {@code error.type}: OAuthException or GraphMethodException
 * @param message    {@code error.message}
 * @param details    {@code error.error_data.details}, or null for plain Graph errors without error_data
 */
public record CloudApiError(int httpStatus, int code, Integer subcode, String type, String message, String details) {

    public static final int RATE_LIMIT_HIT = 130429;
    public static final int REQUIRED_PARAMETER_MISSING = 131008;
    public static final int INVALID_PARAMETER = 100;
    public static final int ACCESS_TOKEN = 190;
    public static final int PARAMETER_COUNT_MISMATCH = 132000;
    public static final int TEMPLATE_NOT_FOUND = 132001;
    public static final int TEMPLATE_PAUSED = 132015;
    public static final int TEMPLATE_DISABLED = 132016;
    public static final int PARAMETER_VALUE_INVALID = 131009;
    public static final int PARAMETER_FORMAT_MISMATCH = 132012;
    public static final int PARAMETER_VALIDATION = 132018;
    /** MM API (CLOUD-API-MORE §5): method not allowed, only marketing templates. */
    public static final int MM_METHOD_NOT_ALLOWED = 131055;
    public static final int MM_ONLY_MARKETING = 134100;
    public static final int MM_TEMPLATE_SYNCING = 134101;
    public static final int MM_TEMPLATE_UNAVAILABLE = 134102;
    public static final int PAIR_RATE_LIMIT = 131056;
    public static final int POLICY_BLOCKED = 368;
    public static final int ACCOUNT_LOCKED = 131031;
    public static final int SOMETHING_WENT_WRONG = 131000;
    public static final int SERVICE_UNAVAILABLE = 131016;
    /** Status-webhook error for a recipient that cannot receive the message. */
    public static final int MESSAGE_UNDELIVERABLE = 131026;
    /** Status-webhook error: Meta's per-user marketing cap. */
    public static final int MARKETING_CAP = 131049;
    /** Status-webhook error: the WABA is restricted from messaging users in this country (CLOUD-API-MORE §4.4). */
    public static final int COUNTRY_RESTRICTED = 130497;
    /** A BSUID recipient is not allowed for this message, e.g. an authentication template (CLOUD-API-MORE §4.5). */
    public static final int BSUID_NOT_SUPPORTED = 131062;
    /** Status-webhook error: the user stopped marketing messages from this business. */
    public static final int USER_STOPPED_MARKETING = 131050;

    private static final String OAUTH = "OAuthException";

    public static CloudApiError invalidAccessToken() {
        return new CloudApiError(401, ACCESS_TOKEN, null, OAUTH,
                "Invalid OAuth access token - Cannot parse access token", null);
    }

    /** What Graph answers for an id that is not one of the account's phone numbers. */
    public static CloudApiError unknownObject(String id) {
        return new CloudApiError(400, INVALID_PARAMETER, 33, "GraphMethodException",
                "Unsupported post request. Object with ID '" + id + "' does not exist, cannot be loaded due to"
                        + " missing permissions, or does not support this operation. Please read the Graph API"
                        + " documentation at https://developers.facebook.com/docs/graph-api",
                null);
    }

    public static CloudApiError requiredParameterMissing(String parameter) {
        return new CloudApiError(400, REQUIRED_PARAMETER_MISSING, null, OAUTH,
                "(#131008) Required parameter is missing", "The parameter " + parameter + " is required.");
    }

    public static CloudApiError invalidParameter(String details) {
        return new CloudApiError(400, INVALID_PARAMETER, null, OAUTH, "(#100) Invalid parameter", details);
    }

    public static CloudApiError templateNotFound(String name, String language) {
        return new CloudApiError(400, TEMPLATE_NOT_FOUND, null, OAUTH,
                "(#132001) Template name does not exist in the translation",
                "template name (" + name + ") does not exist in " + language);
    }

    public static CloudApiError parameterCountMismatch(String component, int given, int expected) {
        return new CloudApiError(400, PARAMETER_COUNT_MISMATCH, null, OAUTH,
                "(#132000) Number of parameters does not match the expected number of params",
                component + ": number of localizable_params (" + given
                        + ") does not match the expected number of params (" + expected + ")");
    }

    public static CloudApiError parameterValueInvalid(String details) {
        return new CloudApiError(400, PARAMETER_VALUE_INVALID, null, OAUTH,
                "(#131009) Parameter value is not valid", details);
    }

    /** A parameter's format is not the one the template specifies (M/support/error-codes; CLOUD-API-MORE §1.2). */
    public static CloudApiError parameterFormatMismatch(String details) {
        return new CloudApiError(400, PARAMETER_FORMAT_MISMATCH, null, OAUTH,
                "(#132012) Parameter format does not match format in the created template", details);
    }

    /** Newline, tab or more than 4 consecutive spaces in a text parameter (CLOUD-API-MORE §1.8: not 131009). */
    public static CloudApiError parameterValidation(String details) {
        return new CloudApiError(400, PARAMETER_VALIDATION, null, OAUTH,
                "(#132018) There was an issue with the parameters in your template.", details);
    }

    /**
     * The MM API's errors (CLOUD-API-MORE §5 table, from M/support/error-codes). 134102 is the one
     * HTTP 500 that is permanent: the template is not available for the MM API.
     */
    public static CloudApiError marketingMessages(int code, String templateName) {
        return switch (code) {
            case MM_METHOD_NOT_ALLOWED -> new CloudApiError(400, code, null, OAUTH, "(#131055) Method not allowed",
                    "Only marketing template messages can be sent through the Marketing Messages API.");
            case MM_ONLY_MARKETING -> new CloudApiError(400, code, null, OAUTH,
                    "(#134100) Only marketing messages are supported",
                    "Template " + templateName + " is not a marketing template; send it through /messages.");
            case MM_TEMPLATE_SYNCING -> new CloudApiError(400, code, null, OAUTH, "(#134101) Template is syncing",
                    "Template " + templateName + " is still syncing to the Marketing Messages API; try again in up to 10 minutes.");
            case MM_TEMPLATE_UNAVAILABLE -> new CloudApiError(500, code, null, OAUTH, "(#134102) Template unavailable",
                    "Template " + templateName + " is not available for the Marketing Messages API: ad sync failed or it is not eligible. Check the onboarding status.");
            case PARAMETER_VALUE_INVALID -> parameterValueInvalid(
                    "Ad account sync is incomplete for this WhatsApp Business Account; wait 10 minutes.");
            default -> throw new IllegalArgumentException("not a Marketing Messages API error: " + code);
        };
    }

    public static CloudApiError bsuidNotSupported() {
        return new CloudApiError(400, BSUID_NOT_SUPPORTED, null, OAUTH,
                "(#131062) Business-scoped User ID (BSUID) recipients are not supported for this message",
                "Authentication templates need a phone-number recipient: send to the user's phone number.");
    }

    /** Meta's pair rate limit: too many messages to one user in a short time. */
    public static CloudApiError pairRateLimitHit() {
        return new CloudApiError(400, PAIR_RATE_LIMIT, null, OAUTH, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.");
    }

    /** The account was blocked for policy violations; every call fails until it is lifted. */
    public static CloudApiError policyBlocked() {
        return new CloudApiError(400, POLICY_BLOCKED, null, OAUTH, "(#368) Temporarily blocked for policies violations",
                "The WhatsApp Business Account is temporarily restricted for violating WhatsApp's policies.");
    }

    public static CloudApiError accountLocked() {
        return new CloudApiError(400, ACCOUNT_LOCKED, null, OAUTH, "(#131031) Business Account locked",
                "The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.");
    }

    /** The token was right but has expired or been revoked (Graph: code 190, subcode 463). */
    public static CloudApiError accessTokenExpired() {
        return new CloudApiError(401, ACCESS_TOKEN, 463, OAUTH,
                "Error validating access token: Session has expired.", null);
    }

    /** An injected HTTP 500 (Meta: 131000 "Something went wrong", transient). */
    public static CloudApiError somethingWentWrong() {
        return new CloudApiError(500, SOMETHING_WENT_WRONG, null, OAUTH, "(#131000) Something went wrong",
                "Message failed to send because of an unknown error. Try again later.");
    }

    /** An injected HTTP 503 (Meta: 131016 "Service unavailable", transient). */
    public static CloudApiError serviceUnavailable() {
        return new CloudApiError(503, SERVICE_UNAVAILABLE, null, OAUTH, "(#131016) Service unavailable",
                "A service is temporarily unavailable. Please check the status page before trying again.");
    }

    public static CloudApiError templatePaused(String name) {
        return new CloudApiError(400, TEMPLATE_PAUSED, null, OAUTH, "(#132015) Template is Paused",
                "Cannot send template " + name + ": it was paused due to low quality.");
    }

    public static CloudApiError templateDisabled(String name) {
        return new CloudApiError(400, TEMPLATE_DISABLED, null, OAUTH, "(#132016) Template is disabled",
                "Template " + name + " was paused too many times due to low quality and is now permanently disabled.");
    }

    /** Meta's own example (CLOUD-API.md "Errors"): HTTP 400, subcode 2494055. */
    public static CloudApiError rateLimitHit() {
        return new CloudApiError(400, RATE_LIMIT_HIT, 2494055, OAUTH, "(#130429) Rate limit hit",
                "Cloud API message throughput has been reached.");
    }
}
